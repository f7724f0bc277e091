using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace Evaluation.Analysis.Text;

/// <summary>
/// What campaign detection compares: a text reduced to its characters (no spaces, punctuation or case, full-width
/// forms folded by NFKC), cut into overlapping 3-character shingles (Chinese has no spaces to split words on, and
/// shingles do not depend on the segmenter), summarized as a MinHash signature of <see cref="Size"/> values. The share
/// of equal values in two signatures estimates the Jaccard similarity of their shingle sets.
/// We use MinHash rather than SimHash: one edited character changes three shingles, so a 60-character opinion with
/// three edits keeps a Jaccard near 0.7 but moves a 64-bit SimHash by 10 or more bits, too many to bucket cheaply.
/// </summary>
public static class TextSignature
{
    public const int Size = 64;
    public const int ShingleLength = 3;

    // Fixed seeds: signatures are stored, so every process must draw the same hash functions.
    private static readonly ulong[] Multipliers = Seeds(0x9E3779B97F4A7C15UL, odd: true);
    private static readonly ulong[] Addends = Seeds(0xD1B54A32D192ED03UL, odd: false);

    /// <summary>The characters that count: letters and digits, folded to one form; the rest (spaces, punctuation,
    /// symbols, emoji) is dropped so that "意见，建议" and "意见 建议" compare equal.</summary>
    public static string Normalize(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    /// <summary>The MinHash signature of a normalized text (see <see cref="Normalize"/>), as little-endian bytes.</summary>
    public static byte[] MinHash(string normalized)
    {
        var mins = new uint[Size];
        Array.Fill(mins, uint.MaxValue);
        foreach (var packed in Shingles(normalized))
        {
            var x = Mix(packed);
            for (var k = 0; k < Size; k++)
            {
                var h = (uint)((Multipliers[k] * x + Addends[k]) >> 32);
                if (h < mins[k]) mins[k] = h;
            }
        }
        var bytes = new byte[Size * 4];
        for (var k = 0; k < Size; k++) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(k * 4), mins[k]);
        return bytes;
    }

    /// <summary>The shingles of a normalized text, each packed into one number, in text order with repeats. A text
    /// shorter than a shingle is one shingle of itself.</summary>
    public static ulong[] Shingles(string normalized)
    {
        var shingles = new ulong[Math.Max(1, normalized.Length - ShingleLength + 1)];
        for (var i = 0; i < shingles.Length; i++)
        {
            ulong packed = 0;
            for (var j = i; j < Math.Min(i + ShingleLength, normalized.Length); j++) packed = (packed << 16) | normalized[j];
            shingles[i] = packed;
        }
        return shingles;
    }

    /// <summary>The shingle set of a normalized text, sorted, for <see cref="ExactSimilarity"/>.</summary>
    public static ulong[] ShingleSet(string normalized)
    {
        var shingles = Shingles(normalized);
        Array.Sort(shingles);
        var n = 0;
        for (var i = 0; i < shingles.Length; i++)
            if (i == 0 || shingles[i] != shingles[n - 1]) shingles[n++] = shingles[i];
        return shingles[..n];
    }

    /// <summary>The exact Jaccard similarity of two shingle sets (<see cref="ShingleSet"/>): shared over all shingles.
    /// The MinHash estimate only finds the candidates; a campaign is confirmed by this.</summary>
    public static double ExactSimilarity(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        int i = 0, j = 0, shared = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j]) { shared++; i++; j++; }
            else if (a[i] < b[j]) i++;
            else j++;
        }
        var union = a.Length + b.Length - shared;
        return union == 0 ? 0 : (double)shared / union;
    }

    /// <summary>Estimated Jaccard similarity: the share of positions where two signatures agree.</summary>
    public static double Similarity(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        (double)EqualValues(MemoryMarshal.Cast<byte, uint>(a), MemoryMarshal.Cast<byte, uint>(b)) / Size;

    /// <summary>How many of the <see cref="Size"/> values agree, eight at a time. The stored bytes are little-endian,
    /// as is every platform .NET runs this on (checked in the static constructor).</summary>
    public static int EqualValues(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        var equal = 0;
        for (var k = 0; k < Size; k += Vector256<uint>.Count)
            equal += BitOperations.PopCount(Vector256.Equals(Vector256.Create(a[k..]), Vector256.Create(b[k..])).ExtractMostSignificantBits());
        return equal;
    }

    static TextSignature()
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("MinHash signatures are stored little-endian");
    }

    /// <summary>A 64-bit hash of the normalized text: equal for texts that differ only in spacing and punctuation.</summary>
    public static long TextHash(string normalized)
    {
        var h = 0xCBF29CE484222325UL; // FNV-1a
        foreach (var c in normalized)
        {
            h ^= c;
            h *= 0x100000001B3UL;
        }
        return (long)Mix(h);
    }

    /// <summary>splitmix64's finalizer: spreads the bits of a packed shingle over the whole word.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong[] Seeds(ulong seed, bool odd)
    {
        var values = new ulong[Size];
        var state = seed;
        for (var k = 0; k < Size; k++)
        {
            state += 0x9E3779B97F4A7C15UL;
            values[k] = Mix(state) | (odd ? 1UL : 0UL);
        }
        return values;
    }
}
