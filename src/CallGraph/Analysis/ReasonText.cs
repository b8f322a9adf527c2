using System.Globalization;
using System.Runtime.CompilerServices;

namespace CallGraph.Analysis;

/// <summary>
/// Builds reason texts in a character buffer that a worker reuses from text to text, so that a text costs
/// its one string and nothing else. Interpolated appends format as <see cref="CultureInfo.InvariantCulture"/>
/// does; shares written as "0%" or "0.00" take a short path (see <see cref="TryRoundHundredths"/>).
/// </summary>
internal sealed class ReasonText
{
    private char[] _chars = new char[256];
    private int _length;

    /// <summary>Starts a new text.</summary>
    public ReasonText Clear()
    {
        _length = 0;
        return this;
    }

    /// <summary>Appends literal text and formatted values.</summary>
    public ReasonText Append([InterpolatedStringHandlerArgument("")] ref Handler handler) => this;

    /// <summary>Appends literal text.</summary>
    public ReasonText Append(string text)
    {
        Reserve(text.Length);
        text.CopyTo(_chars.AsSpan(_length));
        _length += text.Length;
        return this;
    }

    /// <summary>The text so far as a string.</summary>
    public override string ToString() => new(_chars, 0, _length);

    private void Reserve(int more)
    {
        if (_length + more > _chars.Length) Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _length + more));
    }

    private void AppendInt(int value)
    {
        if (value < 0)
        {
            Reserve(1);
            _chars[_length++] = '-';
        }
        AppendDigits((ulong)Math.Abs((long)value));
    }

    /// <summary>Writes the decimal digits of <paramref name="value"/>: a short loop where the general formatter is much code to compile.</summary>
    private void AppendDigits(ulong value)
    {
        Reserve(20);
        _length += DecimalDigits.Write(_chars.AsSpan(_length), value);
    }

    private void AppendDouble(double value, string format)
    {
        // "0%" and "0.00" both round the value half up to a whole hundredth, then print it as a
        // percentage or as units and two decimals.
        bool percent = format == "0%";
        if ((percent || format == "0.00") && TryRoundHundredths(value, out long hundredths))
        {
            if (percent)
            {
                AppendDigits((ulong)hundredths);
                Reserve(1);
                _chars[_length++] = '%';
            }
            else
            {
                AppendDigits((ulong)(hundredths / 100));
                Reserve(3);
                long cents = hundredths % 100;
                _chars[_length] = '.';
                _chars[_length + 1] = (char)('0' + cents / 10);
                _chars[_length + 2] = (char)('0' + cents % 10);
                _length += 3;
            }
            return;
        }
        int written;
        while (!value.TryFormat(_chars.AsSpan(_length), out written, format, CultureInfo.InvariantCulture)) Reserve(_chars.Length - _length + 1);
        _length += written;
    }

    /// <summary>
    /// The value times 100, rounded half up as a custom format ("0%", "0.00") rounds it: from the value's
    /// 15 significant digits, which lie within 10^-14 (relative) of the value. Returns false, for the format
    /// to decide, when the value is negative (or -0), not below 10^6, or too near a tie to tell.
    /// </summary>
    internal static bool TryRoundHundredths(double value, out long hundredths)
    {
        hundredths = 0;
        if (!(value >= 0 && value < 1e6) || double.IsNegative(value)) return false;
        if (TryMillionths(value, out long millionths))
        {
            hundredths = (millionths + 5_000) / 10_000;
            return true;
        }
        // No tie between the scaled value and its 15 digits scaled: both round alike.
        double scaled = value * 100, whole = Math.Floor(scaled), fraction = scaled - whole;
        if (Math.Abs(fraction - 0.5) <= 1e-9 * Math.Max(1, scaled)) return false;
        hundredths = (long)whole + (fraction > 0.5 ? 1 : 0);
        return true;
    }

    /// <summary>
    /// True when <paramref name="value"/> (0 ≤ value &lt; 10^6) is exactly the double nearest some k / 10^6
    /// (shares rounded to 4 decimals, their medians to 5, small fractions like 1/8); then k is returned. Such
    /// a decimal has at most 12 significant digits, so it is exactly the 15 significant digits a custom format
    /// starts from, ties included.
    /// </summary>
    internal static bool TryMillionths(double value, out long millionths)
    {
        double scaled = Math.Round(value * 1e6);
        millionths = (long)scaled;
        return scaled / 1e6 == value;
    }

    /// <summary>The interpolated-string handler of <see cref="Append(ref Handler)"/>: writes straight into the buffer.</summary>
    [InterpolatedStringHandler]
    internal readonly ref struct Handler
    {
        private readonly ReasonText _text;

        public Handler(int literalLength, int formattedCount, ReasonText text)
        {
            _text = text;
            text.Reserve(literalLength + 12 * formattedCount);
        }

        public void AppendLiteral(string value) => _text.Append(value);

        public void AppendFormatted(int value) => _text.AppendInt(value);

        public void AppendFormatted(double value, string format) => _text.AppendDouble(value, format);
    }
}
