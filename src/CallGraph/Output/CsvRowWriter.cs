using System.Globalization;
using System.Runtime.CompilerServices;
using CallGraph.Ingest;
using CallGraph.Numbers;

namespace CallGraph.Output;

/// <summary>
/// Writes CSV rows field by field: the same text as <see cref="CsvText.Line"/> over <see cref="CsvText"/>
/// fields, without a string per field and per line (the big outputs have a row per member and per circle
/// contact). Fields are formatted straight into a block buffer that goes to the <see cref="TextWriter"/>
/// a block at a time: a call per field into the writer cost more than the formatting.
/// Call <see cref="Flush"/> after the last row.
/// </summary>
[SkipLocalsInit]
internal sealed class CsvRowWriter
{
    // Room every number needs; a longer one (a huge double) goes through a string.
    private const int NumberRoom = 64;

    private readonly TextWriter _w;
    private readonly char[] _buffer;
    private int _length;
    private bool _rowStarted;

    public CsvRowWriter(TextWriter writer, int blockSize = 1 << 14)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, NumberRoom);
        _w = writer;
        _buffer = new char[blockSize];
    }

    private void Separator()
    {
        if (_rowStarted) Append(',');
        _rowStarted = true;
    }

    private void Append(char c)
    {
        if (_length == _buffer.Length) Flush();
        _buffer[_length++] = c;
    }

    private void Append(ReadOnlySpan<char> text)
    {
        if (text.Length > _buffer.Length - _length)
        {
            Flush();
            if (text.Length > _buffer.Length)
            {
                _w.Write(text);
                return;
            }
        }
        text.CopyTo(_buffer.AsSpan(_length));
        _length += text.Length;
    }

    /// <summary>The free part of the buffer, at least <see cref="NumberRoom"/> characters.</summary>
    private Span<char> Room()
    {
        if (_buffer.Length - _length < NumberRoom) Flush();
        return _buffer.AsSpan(_length);
    }

    /// <summary>A text field, neutralised and quoted as <see cref="CsvText.Text"/> does it.</summary>
    public void Text(string value)
    {
        Separator();
        Append(value.AsSpan().IndexOfAny(",\"\n\r") < 0 && !CsvText.NeedsNeutralising(value) ? value : CsvText.Text(value));
    }

    /// <summary>As <see cref="CsvText.Number(double)"/>.</summary>
    public void Number(double value)
    {
        Separator();
        var room = Room();
        if (TryFormatFourDecimals(value, room, out int n) || value.TryFormat(room, out n, "0.####", CultureInfo.InvariantCulture)) _length += n;
        else Append(CsvText.Number(value));
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
        long whole = k / 10000;
        int fraction = (int)(k - whole * 10000);
        written += DecimalDigits.Write(buffer[written..], (ulong)whole);
        if (fraction != 0)
        {
            buffer[written++] = '.';
            // The four decimals without the trailing zeros the format drops; divisions by constants only.
            int digits = 4;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }
            for (int i = digits - 1; i >= 0; i--)
            {
                buffer[written + i] = (char)('0' + fraction % 10);
                fraction /= 10;
            }
            written += digits;
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
        var room = Room();
        int n = 0;
        if (value < 0) room[n++] = '-';
        _length += n + DecimalDigits.Write(room[n..], value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value);
    }

    /// <summary>A number's canonical digits (never quoted: digits only); an opaque id's token, written as <see cref="Text"/> writes text.</summary>
    public void Msisdn(PhoneNumber number)
    {
        if (number.IsOpaque || NumberDisplay.Current is not null)
        {
            Text(number.ToString());
            return;
        }
        Separator();
        if (number.IsEmpty) return;
        var room = Room();
        int length = number.Length;
        ulong value = number.Value;
        for (int i = length - 1; i >= 0; i--)
        {
            room[i] = (char)('0' + (int)(value % 10));
            value /= 10;
        }
        _length += length;
    }

    /// <summary>As <see cref="CsvText.Time"/>: <c>yyyy-MM-dd'T'HH:mm:ss</c>, digit by digit (the custom format is parsed on every call).</summary>
    public void Time(long startSeconds)
    {
        Separator();
        var time = CdrClock.ToDateTime(startSeconds);
        var (year, month, day) = time;
        int second = (int)(time.Ticks / TimeSpan.TicksPerSecond % 86400);
        var room = Room();
        Digits(room, year, 4);
        room[4] = '-';
        Digits(room[5..], month, 2);
        room[7] = '-';
        Digits(room[8..], day, 2);
        room[10] = 'T';
        Digits(room[11..], second / 3600, 2);
        room[13] = ':';
        Digits(room[14..], second / 60 % 60, 2);
        room[16] = ':';
        Digits(room[17..], second % 60, 2);
        _length += 19;
    }

    private static void Digits(Span<char> destination, int value, int count)
    {
        for (int i = count - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + value % 10);
            value /= 10;
        }
    }

    /// <summary>Ends the row with "\n".</summary>
    public void EndRow()
    {
        Append('\n');
        _rowStarted = false;
    }

    /// <summary>Hands the buffered text to the writer.</summary>
    public void Flush()
    {
        _w.Write(_buffer, 0, _length);
        _length = 0;
    }
}
