using System.Globalization;
using System.Text;

namespace CallGraph.Cli.Infrastructure;

/// <summary>Text from input files made safe to print on a terminal: no control characters, no escape sequences.</summary>
internal static class TerminalText
{
    /// <summary>
    /// Replaces every control character (C0 but the tab, DEL, C1 — which start terminal escape sequences —
    /// line breaks included, so a message stays one line) with a visible <c>\xHH</c> / <c>\uHHHH</c> escape.
    /// </summary>
    public static string Safe(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int i = 0;
        while (i < text.Length && !IsUnsafe(text[i])) i++;
        if (i == text.Length) return text;
        var sb = new StringBuilder(text.Length + 16).Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (!IsUnsafe(c)) sb.Append(c);
            else if (c <= 0xFF) sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            else sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
        }
        return sb.ToString();
    }

    private static bool IsUnsafe(char c) =>
        (c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F) || c is '\u2028' or '\u2029' or '\u202E' or '\u202D' or '\u202A' or '\u202B' or '\u202C' or '\u2066' or '\u2067' or '\u2068' or '\u2069';
}
