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
        if (value.TryFormat(buffer, out int n, "0.####", CultureInfo.InvariantCulture)) _w.Write(buffer[..n]);
        else _w.Write(CsvText.Number(value));
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
