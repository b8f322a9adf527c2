using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;

namespace CallGraph.Engines.DuckDb;

/// <summary>
/// DuckDB's native library (<c>libduckdb.so</c>, <c>libduckdb.dylib</c>, <c>duckdb.dll</c>), which the DuckDB.NET
/// bindings call. This package brings it for Windows, Linux and macOS (x64 and Arm64), so an application that takes
/// the package as it is needs nothing here. An application that leaves the library out of what it ships (the
/// <c>callgraph</c> tool does: the library alone is larger than the rest of the tool) calls <see cref="Load"/> before
/// the first <see cref="DuckDbEngine"/> runs, to use a library installed on the machine and to fail with a clear
/// message when there is none.
/// </summary>
public static class DuckDbNativeLibrary
{
    /// <summary>
    /// The oldest DuckDB release the bindings work with: DuckDB.NET.Data.Full 1.5.6.1 (Directory.Packages.props) is
    /// built against DuckDB v1.5.6 and calls C API functions that older minor releases lack; releases of the same
    /// minor version share its C API, and later ones keep it.
    /// </summary>
    public static readonly Version MinimumVersion = new(1, 5, 0);

    /// <summary>The library's name as the bindings import it (the runtime adds lib…so, lib…dylib or .dll).</summary>
    private const string ImportName = "duckdb";

    /// <summary>The assembly whose imports name <see cref="ImportName"/>.</summary>
    private static readonly Assembly Bindings = typeof(DuckDB.NET.Native.NativeMethods).Assembly;

    private static readonly Lock Gate = new();

    /// <summary>The library the bindings' imports resolve to once one was loaded from a path; zero before.</summary>
    private static IntPtr _fromPath;

    private static bool _resolverSet;

    /// <summary>The file name of the library on this platform.</summary>
    public static string FileName =>
        OperatingSystem.IsWindows() ? "duckdb.dll" : OperatingSystem.IsMacOS() ? "libduckdb.dylib" : "libduckdb.so";

    /// <summary>
    /// Loads the library and checks its version. With <paramref name="path"/>, that file, and the bindings use it from
    /// then on (the first one loaded from a path stays for the process: imports already bound cannot be moved);
    /// without, the library where .NET looks for it (beside the application, as listed in its deps.json, then the
    /// system's library search path).
    /// </summary>
    /// <param name="path">The library file, or null to search for it.</param>
    /// <returns>The library's DuckDB version, e.g. <c>v1.5.6</c>.</returns>
    /// <exception cref="DllNotFoundException">No library is found or loaded, or it is older than <see cref="MinimumVersion"/>; the message is one line.</exception>
    public static string Load(string? path)
    {
        IntPtr handle;
        if (path is null)
        {
            if (!NativeLibrary.TryLoad(ImportName, Bindings, searchPath: null, out handle))
                throw new DllNotFoundException($"DuckDB's native library {FileName} was not found beside the application nor in the system's library path");
        }
        else
        {
            string full = Path.GetFullPath(path);
            if (!File.Exists(full)) throw new DllNotFoundException($"{full}: no such file");
            try
            {
                handle = NativeLibrary.Load(full);
            }
            catch (BadImageFormatException ex)
            {
                throw new DllNotFoundException($"{full}: not a native library for this platform ({RuntimeInformation.RuntimeIdentifier}): {LastLine(ex.Message)}", ex);
            }
            catch (DllNotFoundException ex)
            {
                throw new DllNotFoundException($"{full}: cannot be loaded: {LastLine(ex.Message).Replace(full + ": ", "", StringComparison.Ordinal)}", ex);
            }
        }

        string version = VersionOf(handle, path ?? FileName);
        if (path is not null) UseForImports(handle);
        return version;
    }

    /// <summary>The library's own version (<c>duckdb_library_version</c>), refused when older than <see cref="MinimumVersion"/>.</summary>
    private static string VersionOf(IntPtr handle, string shownName)
    {
        if (!NativeLibrary.TryGetExport(handle, "duckdb_library_version", out IntPtr export))
            throw new DllNotFoundException($"{shownName}: not DuckDB's library (it has no duckdb_library_version)");
        string text = Marshal.PtrToStringUTF8(Marshal.GetDelegateForFunctionPointer<LibraryVersion>(export)()) ?? "";
        // "v1.5.6", possibly with a suffix after the numbers ("v1.5.6-dev12").
        string numbers = new(text.TrimStart('v').TakeWhile(c => char.IsAsciiDigit(c) || c == '.').ToArray());
        if (!Version.TryParse(numbers, out var found) || found < MinimumVersion)
            throw new DllNotFoundException(string.Create(CultureInfo.InvariantCulture,
                $"{shownName} is DuckDB {text}; the engine needs DuckDB {MinimumVersion.Major}.{MinimumVersion.Minor} or later"));
        return text;
    }

    private static void UseForImports(IntPtr handle)
    {
        lock (Gate)
        {
            if (_fromPath == IntPtr.Zero) _fromPath = handle;
            if (_resolverSet) return;
            // Only the bindings' own assembly, and only its DuckDB import; returning zero lets the runtime search as usual.
            NativeLibrary.SetDllImportResolver(Bindings, (name, _, _) => name == ImportName ? _fromPath : IntPtr.Zero);
            _resolverSet = true;
        }
    }

    /// <summary>The last line of the runtime's message: the system loader's own reason (e.g. "invalid ELF header") follows its general advice.</summary>
    private static string LastLine(string message) =>
        message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? message;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr LibraryVersion();
}
