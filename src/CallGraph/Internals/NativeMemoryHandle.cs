using System.Runtime.InteropServices;

namespace CallGraph.Internals;

/// <summary>
/// The one owner of native memory: a block from <see cref="NativeBlock.Allocate"/> held by a <see cref="SafeHandle"/>,
/// so it is freed exactly once, by <see cref="SafeHandle.Dispose()"/> or, for an owner dropped without disposing
/// (a failed read), by the handle's critical finalizer; the types that keep tables in native memory need no finalizer
/// of their own. With <c>memoryPressure</c> the collector is told of the memory, so that dropped owners are finalized in
/// time; owners that free deterministically leave it out (the pressure only triggers full collections).
/// <see cref="Pointer"/> is for the hot paths, which keep it in a field: it is valid until the handle is disposed.
/// </summary>
internal sealed unsafe class NativeMemoryHandle : SafeHandle
{
    private readonly bool _memoryPressure;

    /// <summary>
    /// Allocates <paramref name="bytes"/> zeroed bytes; with <paramref name="hugePages"/>, advises 2 MiB pages; with
    /// <paramref name="memoryPressure"/>, tells the collector of them until they are freed.
    /// </summary>
    public NativeMemoryHandle(nuint bytes, bool hugePages = false, bool memoryPressure = false) : base(IntPtr.Zero, ownsHandle: true)
    {
        Bytes = bytes;
        SetHandle((nint)NativeBlock.Allocate(bytes, hugePages));
        _memoryPressure = memoryPressure;
        if (memoryPressure) GC.AddMemoryPressure((long)bytes);
    }

    /// <summary>Size of the block.</summary>
    public nuint Bytes { get; }

    /// <summary>Start of the block (null once released).</summary>
    public void* Pointer => IsClosed ? null : (void*)handle;

    /// <inheritdoc/>
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        NativeBlock.Free((void*)handle, Bytes);
        if (_memoryPressure) GC.RemoveMemoryPressure((long)Bytes);
        handle = IntPtr.Zero;
        return true;
    }
}
