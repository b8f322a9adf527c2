using System.Globalization;
using CallGraph.Ingest;
using CallGraph.Numbers;

namespace CallGraph.Output;

/// <summary>
/// Writes one CSV row field by field straight into a <see cref="TextWriter"/>, formatting numbers into a
/// stack buffer: the same text as <see cref="CsvText.Line"/> over <see cref="CsvText"/> fields, without a
/// string per field and per line (the big outputs have a row per member and per circle contact).
/// </summary>
internal ref struct CsvRow
{
    private readonly TextWriter _w;
    private bool _started;

    public CsvRow(TextWriter writer)
    {
        _w = writer;
        _started = false;
    }

    private void Separator()
    {
        if (_started) _w.Write(',');
        _started = true;
    }

    /// <summary>A text field, quoted as <see cref="CsvText.Field"/> quotes it.</summary>
    public void Text(string value)
    {
        Separator();
        if (value.AsSpan().IndexOfAny(",\"\n\r") < 0) _w.Write(value);
        else _w.Write(CsvText.Field(value));
    }

    /// <summary>As <see cref="CsvText.Number(double)"/>.</summary>
    public void Number(double value)
    {
        Separator();
        Span<char> buffer = stackalloc char[64];
        if (TryFormatFourDecimals(value, buffer, out int n) || value.TryFormat(buffer, out n, "0.####", CultureInfo.InvariantCulture)) _w.Write(buffer[..n]);
        else _w.Write(CsvText.Number(value));
    }

    /// <summary>
    /// Writes a value that is exactly the double nearest some k / 10^4 (the analyses round their shares and
    /// scores so) from k, as "0.####" writes it: such a decimal has at most 15 significant digits, so it is
    /// the digits the format starts from. Any other value (and -0, whose sign is the format's business) returns false.
    /// </summary>
    internal static bool TryFormatFourDecimals(double value, Span<char> buffer, out int written)
    {
        written = 0;
        if (!(Math.Abs(value) < 1e10) || (value == 0 && double.IsNegative(value))) return false;
        double scaled = Math.Round(value * 10000);
        if (scaled / 10000 != value) return false;
        long k = (long)scaled;
        if (k < 0)
        {
            buffer[written++] = '-';
            k = -k;
        }
        long whole = k / 10000, fraction = k % 10000;
        whole.TryFormat(buffer[written..], out int n, default, CultureInfo.InvariantCulture);
        written += n;
        if (fraction != 0)
        {
            buffer[written++] = '.';
            for (long unit = 1000; fraction != 0; unit /= 10)
            {
                buffer[written++] = (char)('0' + fraction / unit);
                fraction %= unit;
            }
        }
        return true;
    }

    /// <summary>As <see cref="CsvText.Number(double?)"/>.</summary>
    public void Number(double? value)
    {
        if (value is double v) Number(v);
        else Separator();
    }

    /// <summary>As <see cref="CsvText.Number(long)"/>.</summary>
    public void Number(long value)
    {
        Separator();
        Span<char> buffer = stackalloc char[24];
        value.TryFormat(buffer, out int n, default, CultureInfo.InvariantCulture);
        _w.Write(buffer[..n]);
    }

    /// <summary>A number's canonical digits (never quoted: digits only).</summary>
    public void Msisdn(PhoneNumber number)
    {
        Separator();
        Span<byte> digits = stackalloc byte[PhoneNumber.MaxDigits];
        Span<char> chars = stackalloc char[PhoneNumber.MaxDigits];
        int n = number.IsEmpty ? 0 : number.Format(digits);
        for (int i = 0; i < n; i++) chars[i] = (char)digits[i];
        _w.Write(chars[..n]);
    }

    /// <summary>As <see cref="CsvText.Time"/>.</summary>
    public void Time(long startSeconds)
    {
        Separator();
        Span<char> buffer = stackalloc char[32];
        if (CdrClock.ToDateTime(startSeconds).TryFormat(buffer, out int n, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)) _w.Write(buffer[..n]);
        else _w.Write(CsvText.Time(startSeconds));
    }

    /// <summary>Ends the row with "\n".</summary>
    public void End() => _w.Write('\n');
}
