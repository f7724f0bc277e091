using System.Runtime.InteropServices;

namespace Evaluation.Analysis.Text;

/// <summary>
/// Groups near-identical texts (the same text with small edits) from their stored MinHash signatures, without
/// comparing all pairs: locality-sensitive hashing splits each signature into <see cref="Bands"/> bands of
/// <see cref="Rows"/> values, texts sharing a band land in one bucket, and only bucket mates are verified: their
/// <b>exact</b> Jaccard similarity (of the shingle sets, computed from the texts) must reach <see cref="Threshold"/>
/// against the first text of the group found so far, unless the estimate is so far from the threshold (0.2 either way)
/// that the exact count could not change the answer. The MinHash estimate only finds candidates: with 64 values it
/// errs by about 0.06 either way, so a pair at 0.55 is estimated 0.6 or more one time in five (issue 22: such a pair
/// was reported as a campaign). Groups are kept with union-find. A pair at Jaccard 0.7 shares at least one band with
/// probability 0.99, at 0.6 with 0.88 (and a campaign of many copies is joined through its other members); a pair at
/// 0.2 with 0.03.
/// Work is bounded: each text is verified against at most <see cref="Leaders.Capacity"/> earlier texts of a bucket,
/// so a campaign of 10,000 copies costs 10,000 verifications per band, not 50 million.
/// </summary>
public static class Campaigns
{
    public const int Bands = 16;
    public const int Rows = TextSignature.Size / Bands;
    public const double Threshold = 0.6;

    /// <summary>Texts shorter than this (letters and digits) are never grouped: "同意" from a hundred people is a
    /// hundred opinions, not a campaign.</summary>
    public const int MinimumLength = 12;

    public sealed record Text(int Index, int Length, ReadOnlyMemory<byte> Minhash);

    /// <summary>The texts that share a bucket with another in some band: the only ones whose exact similarity can be
    /// asked for, so the caller reads just their bodies (in order of <paramref name="texts"/>).</summary>
    public static IReadOnlyList<int> Candidates(IReadOnlyList<Text> texts)
    {
        var candidate = new bool[texts.Count];
        var first = new Dictionary<ulong, int>();
        for (var band = 0; band < Bands; band++)
        {
            first.Clear();
            for (var i = 0; i < texts.Count; i++)
            {
                if (texts[i].Length < MinimumLength) continue;
                ref var firstInBucket = ref CollectionsMarshal.GetValueRefOrAddDefault(first, BandKey(Signature(texts[i]), band), out var exists);
                if (!exists) firstInBucket = i;
                else candidate[i] = candidate[firstInBucket] = true;
            }
        }
        return Enumerable.Range(0, texts.Count).Where(i => candidate[i]).ToList();
    }

    /// <summary>The group of each text (an index into <paramref name="texts"/>'s order: the group's first member);
    /// a text on its own is its own group.</summary>
    /// <param name="shingleSet">The shingle set (<see cref="TextSignature.ShingleSet"/> of the normalized text) of a
    /// <see cref="Candidates"/> text, by index; asked for only where the estimate leaves the similarity in doubt.</param>
    public static int[] Group(IReadOnlyList<Text> texts, Func<int, ulong[]> shingleSet)
    {
        // The estimate settles what is far from the threshold, both ways: a pair at the threshold is estimated below
        // Threshold − 0.2, or at Threshold + 0.2 and above, each with a probability of about 0.0005 (binomial, 64
        // values); only the pairs in between are counted exactly. Near-copies (most of a campaign) need no count, and a
        // pair of groups found apart is not counted again in a later band (measured on 100,000 texts: 718,000 exact
        // counts, 2 s, before).
        var apart = new HashSet<long>();
        bool Similar(int a, int b)
        {
            var equal = TextSignature.EqualValues(Signature(texts[a]), Signature(texts[b]));
            if (equal < MinimumEqualValuesToVerify) return false;
            if (equal >= MinimumEqualValuesToAccept) return true;
            var key = (long)Math.Min(a, b) << 32 | (uint)Math.Max(a, b);
            if (apart.Contains(key)) return false;
            if (TextSignature.ExactSimilarity(shingleSet(a), shingleSet(b)) >= Threshold) return true;
            apart.Add(key);
            return false;
        }

        var parent = new int[texts.Count];
        for (var i = 0; i < parent.Length; i++) parent[i] = i;

        var buckets = new Dictionary<ulong, Leaders>();
        for (var band = 0; band < Bands; band++)
        {
            buckets.Clear();
            for (var i = 0; i < texts.Count; i++)
            {
                if (texts[i].Length < MinimumLength) continue;
                ref var leaders = ref CollectionsMarshal.GetValueRefOrAddDefault(buckets, BandKey(Signature(texts[i]), band), out var exists);
                if (!exists)
                {
                    leaders.Add(i);
                    continue;
                }
                var joined = false;
                for (var l = 0; l < leaders.Count && !joined; l++)
                {
                    // Groups are compared by their first texts, not by the pair at hand: every member of a campaign is
                    // then close to its first text. Joining any close pair would chain A~B~C~... through texts built
                    // from the same stock phrases into one group of thousands (measured: 26,000 of 100,000).
                    var (a, b) = (Find(parent, leaders[l]), Find(parent, i));
                    if (a == b || Similar(a, b))
                    {
                        Union(parent, a, b);
                        joined = true;
                    }
                }
                if (!joined && leaders.Count < Leaders.Capacity) leaders.Add(i);
            }
        }
        var groups = new int[texts.Count];
        for (var i = 0; i < groups.Length; i++) groups[i] = Find(parent, i);
        return groups;
    }

    private static ReadOnlySpan<uint> Signature(Text text) => MemoryMarshal.Cast<byte, uint>(text.Minhash.Span);

    private static readonly int MinimumEqualValuesToVerify = (int)Math.Ceiling((Threshold - 0.2) * TextSignature.Size);
    private static readonly int MinimumEqualValuesToAccept = (int)Math.Ceiling((Threshold + 0.2) * TextSignature.Size);

    /// <summary>The first texts of a bucket that the others are verified against (a fixed-size struct: a bucket per
    /// text and band would otherwise be 1.6 million small lists for 100,000 texts).</summary>
    private struct Leaders
    {
        public const int Capacity = 4;
        private int _a, _b, _c, _d;
        public int Count { get; private set; }
        public readonly int this[int index] => index switch { 0 => _a, 1 => _b, 2 => _c, _ => _d };
        public void Add(int text)
        {
            switch (Count++)
            {
                case 0: _a = text; break;
                case 1: _b = text; break;
                case 2: _c = text; break;
                default: _d = text; break;
            }
        }
    }

    private static ulong BandKey(ReadOnlySpan<uint> minhash, int band)
    {
        var key = (ulong)band * 0x9E3779B97F4A7C15UL;
        for (var r = 0; r < Rows; r++)
        {
            key ^= minhash[band * Rows + r];
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
