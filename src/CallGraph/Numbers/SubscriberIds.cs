using System.Collections.Concurrent;
using System.Text;
using CallGraph.Internals;

namespace CallGraph.Numbers;

/// <summary>How CDRs and rosters name subscribers.</summary>
public enum SubscriberIdKind : byte
{
    /// <summary>Telephone numbers: normalised, classified and given an operator by prefix.</summary>
    Phone = 0,

    /// <summary>
    /// Opaque tokens (integers, hex hashes, <c>u37</c>): any non-empty text is an id, compared exactly after
    /// trimming; nothing is inferred from its characters. The network comes from <see cref="SubscriberNetworks"/>.
    /// </summary>
    Opaque = 1,
}

/// <summary>
/// Interns opaque subscriber ids (see <see cref="SubscriberIdKind.Opaque"/>) into packed keys that travel
/// through the pipeline as <see cref="PhoneNumber"/> values (<see cref="PhoneNumber.IsOpaque"/>). A token's
/// key is a 60-bit hash of its UTF-8 bytes, so it is the same in every run, on every thread and in any
/// order of the input: outputs sort opaque ids by key, deterministically. The token text is kept once per
/// distinct id, process-wide, so that <see cref="PhoneNumber.ToString"/> gives it back; interning an id seen
/// before allocates nothing.
/// </summary>
public static class SubscriberIds
{
    /// <summary>Longest accepted token, in UTF-8 bytes.</summary>
    public const int MaxTokenBytes = 256;

    private const ulong KeyMask = (1UL << 60) - 1;

    private static readonly ConcurrentDictionary<ulong, byte[]> Tokens = new();
    private static readonly ConcurrentDictionary<ulong, string> Texts = new();

    /// <summary>Count of distinct ids interned by this process.</summary>
    public static int Count => Tokens.Count;

    /// <summary>
    /// The id of a token (leading and trailing spaces and tabs removed). False when the token is empty,
    /// longer than <see cref="MaxTokenBytes"/>, not UTF-8 or holds a control character.
    /// </summary>
    /// <exception cref="InvalidDataException">Two different tokens hash to the same key (about one chance in 2^60 per pair).</exception>
    public static bool TryIntern(ReadOnlySpan<byte> token, out PhoneNumber id)
    {
        token = Trim(token);
        id = default;
        if (token.IsEmpty || token.Length > MaxTokenBytes) return false;
        foreach (byte b in token)
            if (b < 0x20 || b == 0x7F) return false;
        if (!System.Text.Unicode.Utf8.IsValid(token)) return false;
        ulong key = KeyOf(token);
        if (!Tokens.TryGetValue(key, out var known)) known = Tokens.GetOrAdd(key, token.ToArray());
        if (!known.AsSpan().SequenceEqual(token))
            throw new InvalidDataException($"subscriber ids '{Encoding.UTF8.GetString(known)}' and '{Encoding.UTF8.GetString(token)}' have the same 60-bit key; rename one of them");
        id = new PhoneNumber(key);
        return true;
    }

    /// <summary>
    /// True for text that reads as an opaque subscriber id rather than a mistyped number or a word: ASCII letters
    /// and digits (with <c>-</c>, <c>_</c>, <c>.</c>, <c>:</c>), at least one of each or only digits but more than a
    /// phone number has, at most <see cref="MaxTokenBytes"/>
    /// bytes once trimmed: <c>u37</c>, a hex hash. For inputs that take a phone number or an id from an
    /// <c>--ids opaque</c> run's results (integer ids are read as numbers and print the same).
    /// </summary>
    public static bool LooksLikeToken(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        if (t.Length is 0 or > MaxTokenBytes || !t.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':')) return false;
        bool digits = t.Any(char.IsAsciiDigit);
        // Mixed letters and digits, or more digits than any phone number has (a hash that happens to hold no letter).
        return digits && (t.Any(char.IsAsciiLetter) || t.All(char.IsAsciiDigit) && t.Length > PhoneNumber.MaxDigits);
    }

    /// <summary>The id of a token given as text.</summary>
    /// <exception cref="FormatException">The token is empty, too long or holds a control character.</exception>
    public static PhoneNumber Intern(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!TryIntern(Encoding.UTF8.GetBytes(token), out var id)) throw new FormatException($"'{token}' is not a subscriber id");
        return id;
    }

    /// <summary>The token of an opaque id, or null when <paramref name="id"/> is not one this process interned.</summary>
    public static string? TokenOf(PhoneNumber id)
    {
        if (!id.IsOpaque) return null;
        if (Texts.TryGetValue(id.Key, out var text)) return text;
        if (!Tokens.TryGetValue(id.Key, out var bytes)) return null;
        return Texts.GetOrAdd(id.Key, Encoding.UTF8.GetString(bytes));
    }

    /// <summary>The UTF-8 bytes of an opaque id's token (empty when unknown).</summary>
    internal static ReadOnlySpan<byte> BytesOf(PhoneNumber id) =>
        Tokens.TryGetValue(id.Key, out var bytes) ? bytes : ReadOnlySpan<byte>.Empty;

    /// <summary>The key of a trimmed token: a stable 64-bit hash cut to 60 bits, never 0.</summary>
    internal static ulong KeyOf(ReadOnlySpan<byte> token)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in token)
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        ulong key = StableHash.Mix(hash ^ (ulong)token.Length) & KeyMask;
        return key == 0 ? 1 : key;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s)
    {
        int start = 0, end = s.Length;
        while (start < end && (s[start] == ' ' || s[start] == '\t')) start++;
        while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t')) end--;
        return s[start..end];
    }
}
