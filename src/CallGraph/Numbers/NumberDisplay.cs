using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace CallGraph.Numbers;

/// <summary>
/// How <see cref="PhoneNumber.ToString"/> shows numbers in the current flow of execution (and the tasks it
/// starts): by default the canonical digits or an opaque id's token; inside <see cref="Use"/>, whatever the
/// label function gives, e.g. a <see cref="Pseudonymiser"/>'s pseudonyms or <see cref="NumberMask"/>'s masks.
/// Writers that format numbers through <see cref="PhoneNumber.ToString"/> need no change to print them so.
/// </summary>
public static class NumberDisplay
{
    private static readonly AsyncLocal<Func<PhoneNumber, string>?> Label = new();

    /// <summary>The label function in force, or null for the canonical text.</summary>
    public static Func<PhoneNumber, string>? Current => Label.Value;

    /// <summary>Shows numbers through <paramref name="label"/> until the returned scope is disposed (null: canonical text).</summary>
    public static IDisposable Use(Func<PhoneNumber, string>? label)
    {
        var previous = Label.Value;
        Label.Value = label;
        return new Scope(previous);
    }

    private sealed class Scope(Func<PhoneNumber, string>? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            Label.Value = previous;
        }
    }
}

/// <summary>
/// Keyed pseudonyms: <c>ps-</c> and the first 64 bits of HMAC-SHA256(key, canonical text), in lower-case hex.
/// The same key gives the same pseudonym in every run, so monthly results can be joined; without the key a
/// pseudonym cannot be turned back into its number by trying numbers. The letters in front keep a pseudonym
/// from ever looking like a number. Thread-safe.
/// </summary>
public sealed class Pseudonymiser
{
    /// <summary>What every pseudonym starts with.</summary>
    public const string Prefix = "ps-";

    private readonly byte[] _key;
    private readonly ConcurrentDictionary<ulong, string> _made = new();

    /// <summary>Creates a pseudonymiser over a secret key (at least 8 bytes).</summary>
    /// <exception cref="ArgumentException">The key is shorter than 8 bytes.</exception>
    public Pseudonymiser(ReadOnlySpan<byte> key)
    {
        if (key.Length < 8) throw new ArgumentException("a pseudonymisation key needs at least 8 bytes", nameof(key));
        _key = key.ToArray();
    }

    /// <summary>
    /// Reads the key as the <c>--pseudonymise</c> option gives it: the text itself (UTF-8), or with a leading
    /// <c>@</c> the bytes of that file, line ends at its end removed.
    /// </summary>
    public static byte[] ReadKey(string option)
    {
        ArgumentNullException.ThrowIfNull(option);
        if (!option.StartsWith('@')) return Encoding.UTF8.GetBytes(option);
        var bytes = File.ReadAllBytes(option[1..]);
        int n = bytes.Length;
        while (n > 0 && bytes[n - 1] is (byte)'\n' or (byte)'\r') n--;
        return bytes[..n];
    }

    /// <summary>The pseudonym of a number or id.</summary>
    public string Of(PhoneNumber number)
    {
        if (_made.TryGetValue(number.Key, out var known)) return known;
        return _made.GetOrAdd(number.Key, Make(number.CanonicalText()));
    }

    /// <summary>The pseudonym of a text that is not a parsed number (kept apart from numbers' pseudonyms only by its text).</summary>
    public string OfText(string text) => Make(text ?? throw new ArgumentNullException(nameof(text)));

    private string Make(string canonical)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(canonical), mac);
        return Prefix + Convert.ToHexStringLower(mac[..8]);
    }

    /// <summary>Every number pseudonymised so far and its pseudonym, sorted by pseudonym.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Map() =>
        _made.Select(kv => new KeyValuePair<string, string>(kv.Value, new PhoneNumber(kv.Key).CanonicalText()))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
}

/// <summary>
/// Masks for third parties in pictures and reports: a number keeps its first three digits and an opaque id
/// nothing, followed by a 40-bit digest, so that each party stays one distinct dot without its number being
/// printed in full. A mask is not a pseudonym: a number can be found again by trying numbers; use
/// <see cref="Pseudonymiser"/> for that.
/// </summary>
public static class NumberMask
{
    /// <summary>The mask of a number or id.</summary>
    public static string Of(PhoneNumber number)
    {
        string text = number.CanonicalText();
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("callgraph-mask:" + text), hash);
        string digest = Convert.ToHexStringLower(hash[..5]);
        return number.IsOpaque || text.Length < 7 ? "id-" + digest : text[..3] + "-" + digest;
    }
}
