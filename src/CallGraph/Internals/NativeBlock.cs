using System.Runtime.InteropServices;

namespace CallGraph.Internals;

/// <summary>
/// Zeroed native memory that goes back to the operating system the moment it is freed: on Linux, its own
/// anonymous mapping (mmap/munmap); elsewhere, the C allocator. The aggregation tables keep their records
/// here so that the memory they release when the aggregate is finished can be reused by the analyses
/// at once, instead of waiting for a full garbage collection; the duplicate filter keeps its table here
/// for the same reason.
/// </summary>
internal static unsafe class NativeBlock
{
    private const int ProtRead = 1, ProtWrite = 2, MapPrivate = 2, MapAnonymous = 0x20;
    private const int MadvDontNeed = 4, MadvHugePage = 14;

    /// <summary>Size of a transparent huge page on x64 and arm64 Linux.</summary>
    public const int HugePage = 2 << 20;

    /// <summary>Allocates <paramref name="bytes"/> zeroed bytes; with <paramref name="hugePages"/>, advises the kernel to back them with 2 MiB pages.</summary>
    public static void* Allocate(nuint bytes, bool hugePages = false)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                if (hugePages && bytes >= HugePage) return MapHugePageAligned(bytes);
                void* p = Mmap(null, bytes, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
                if (p == (void*)-1) throw new OutOfMemoryException($"mmap of {bytes} bytes failed");
                return p;
            }
            catch (DllNotFoundException) { }
            catch (EntryPointNotFoundException) { }
        }
        return NativeMemory.AllocZeroed(bytes);
    }

    /// <summary>
    /// Maps <paramref name="bytes"/> starting on a 2 MiB boundary (a mapping only gets huge pages for the
    /// aligned 2 MiB ranges inside it): maps 2 MiB more, unmaps the slack before and after, and advises huge pages.
    /// </summary>
    private static void* MapHugePageAligned(nuint bytes)
    {
        nuint mapped = bytes + HugePage;
        byte* p = (byte*)Mmap(null, mapped, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        if (p == (byte*)-1) throw new OutOfMemoryException($"mmap of {mapped} bytes failed");
        nuint head = (HugePage - (nuint)p % HugePage) % HugePage;
        if (head > 0) _ = Munmap(p, head);
        nuint tail = mapped - head - bytes;
        if (tail > 0) _ = Munmap(p + head + bytes, tail);
        _ = Madvise(p + head, bytes, MadvHugePage);
        return p + head;
    }

    /// <summary>
    /// An uninitialised managed array of <paramref name="length"/> items. Fresh memory costs a page fault per
    /// 4 KiB, so when the array spans whole 2 MiB pages the kernel is advised to back those with huge pages
    /// (a hint only: the array is an ordinary array whatever the kernel does).
    /// </summary>
    public static T[] AllocateLargeArray<T>(int length) where T : unmanaged
    {
        var array = GC.AllocateUninitializedArray<T>(length);
        if (OperatingSystem.IsLinux() && (long)length * sizeof(T) >= 2L * HugePage)
        {
            fixed (T* p = array)
            {
                nuint start = ((nuint)p + HugePage - 1) & ~(nuint)(HugePage - 1);
                nuint end = (nuint)(p + length) & ~(nuint)(HugePage - 1);
                try
                {
                    if (end > start) _ = Madvise((void*)start, end - start, MadvHugePage);
                }
                catch (DllNotFoundException) { }
                catch (EntryPointNotFoundException) { }
            }
        }
        return array;
    }

    /// <summary>Frees what <see cref="Allocate"/> returned, with the same size.</summary>
    public static void Free(void* block, nuint bytes)
    {
        if (block is null) return;
        if (OperatingSystem.IsLinux())
        {
            try
            {
                _ = Munmap(block, bytes);
                return;
            }
            catch (DllNotFoundException) { }
            catch (EntryPointNotFoundException) { }
        }
        NativeMemory.Free(block);
    }

    /// <summary>
    /// Gives the pages of a range inside a mapping from <see cref="Allocate"/> back to the operating system,
    /// keeping the addresses: touching them again reads zeros (Linux only).
    /// </summary>
    public static void Discard(void* start, nuint bytes) => _ = Madvise(start, bytes, MadvDontNeed);

    [DllImport("libc", EntryPoint = "mmap")]
    private static extern void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [DllImport("libc", EntryPoint = "munmap")]
    private static extern int Munmap(void* address, nuint length);

    [DllImport("libc", EntryPoint = "madvise")]
    private static extern int Madvise(void* address, nuint length, int advice);
}
