using System.Buffers.Binary;

namespace Evaluation.Analysis.Text;

/// <summary>
/// Groups near-identical texts (the same text with small edits) from their stored MinHash signatures, without
/// comparing all pairs: locality-sensitive hashing splits each signature into <see cref="Bands"/> bands of
/// <see cref="Rows"/> values, texts sharing a band land in one bucket, and only bucket mates are verified (estimated
/// Jaccard of at least <see cref="Threshold"/>). Verified pairs are joined with union-find, so edited copies of
/// edited copies end up together. A pair at Jaccard 0.7 shares at least one band with probability 0.99, at 0.5 with
/// 0.64 (and a campaign of many copies is joined through its other members); a pair at 0.2 with 0.03.
/// Work is bounded: each text is verified against at most <see cref="LeadersPerBucket"/> earlier texts of a bucket,
/// so a campaign of 10,000 copies costs 10,000 verifications per band, not 50 million.
/// </summary>
public static class Campaigns
{
    public const int Bands = 16;
    public const int Rows = TextSignature.Size / Bands;
    public const double Threshold = 0.5;
    private const int LeadersPerBucket = 4;

    /// <summary>Texts shorter than this (letters and digits) are never grouped: "同意" from a hundred people is a
    /// hundred opinions, not a campaign.</summary>
    public const int MinimumLength = 12;

    public sealed record Text(int Index, int Length, ReadOnlyMemory<byte> Minhash);

    /// <summary>The group of each text (an index into <paramref name="texts"/>'s order: the group's first member);
    /// a text on its own is its own group.</summary>
    public static int[] Group(IReadOnlyList<Text> texts)
    {
        var parent = new int[texts.Count];
        for (var i = 0; i < parent.Length; i++) parent[i] = i;

        for (var band = 0; band < Bands; band++)
        {
            var buckets = new Dictionary<ulong, List<int>>();
            for (var i = 0; i < texts.Count; i++)
            {
                if (texts[i].Length < MinimumLength) continue;
                var key = BandKey(texts[i].Minhash.Span, band);
                if (!buckets.TryGetValue(key, out var leaders))
                {
                    buckets[key] = [i];
                    continue;
                }
                var joined = false;
                foreach (var leader in leaders)
                {
                    if (Find(parent, leader) == Find(parent, i)) { joined = true; break; }
                    if (TextSignature.Similarity(texts[leader].Minhash.Span, texts[i].Minhash.Span) >= Threshold)
                    {
                        Union(parent, leader, i);
                        joined = true;
                        break;
                    }
                }
                if (!joined && leaders.Count < LeadersPerBucket) leaders.Add(i);
            }
        }
        var groups = new int[texts.Count];
        for (var i = 0; i < groups.Length; i++) groups[i] = Find(parent, i);
        return groups;
    }

    private static ulong BandKey(ReadOnlySpan<byte> minhash, int band)
    {
        var key = (ulong)band * 0x9E3779B97F4A7C15UL;
        for (var r = 0; r < Rows; r++)
        {
            key ^= BinaryPrimitives.ReadUInt32LittleEndian(minhash[((band * Rows + r) * 4)..]);
            key *= 0xBF58476D1CE4E5B9UL;
            key ^= key >> 29;
        }
        return key;
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    // The smaller index becomes the root, so a group is named by its first member (the earliest, in load order).
    private static void Union(int[] parent, int a, int b)
    {
        a = Find(parent, a);
        b = Find(parent, b);
        if (a == b) return;
        if (a < b) parent[b] = a; else parent[a] = b;
    }
}
