using System.Globalization;
using System.Text;

namespace CallGraph.Campaigns;

/// <summary>
/// Text from the store made safe to print one item per line: a line break, tab, escape or other control
/// character in a name, note or audit detail is shown as an escape (<c>\n</c>, <c>\r</c>, <c>\t</c>,
/// <c>\u001b</c>) and a backslash as <c>\\</c>, so stored text can never forge lines or drive the terminal.
/// </summary>
public static class DisplayText
{
    /// <summary>The text with control characters, Unicode line/paragraph separators and backslashes escaped.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(NeedsEscape)) return text;
        var escaped = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            switch (c)
            {
                case '\\': escaped.Append(@"\\"); break;
                case '\n': escaped.Append(@"\n"); break;
                case '\r': escaped.Append(@"\r"); break;
                case '\t': escaped.Append(@"\t"); break;
                default:
                    if (NeedsEscape(c)) escaped.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else escaped.Append(c);
                    break;
            }
        }
        return escaped.ToString();
    }

    private static bool NeedsEscape(char c) => c == '\\' || char.IsControl(c) || c is '\u2028' or '\u2029';
}
