namespace CallGraph;

/// <summary>
/// The decimal digits of an unsigned integer written into a character span, as invariant formatting writes
/// them: a short loop for the writers that build text in their own buffers (result rows, reason texts).
/// </summary>
internal static class DecimalDigits
{
    /// <summary>Writes the digits of <paramref name="value"/> at the start of <paramref name="destination"/> (up to 20) and returns their count.</summary>
    public static int Write(Span<char> destination, ulong value)
    {
        int count = 1;
        for (ulong rest = value; rest >= 10; rest /= 10) count++;
        for (int i = count - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (int)(value % 10));
            value /= 10;
        }
        return count;
    }
}
