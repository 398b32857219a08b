using System.Text;

namespace ZifPhase.IO;

/// <summary>Whole-file writes that never leave a partial file under the final name.</summary>
public static class AtomicFile
{
    /// <summary>Writes UTF-8 text (no byte-order mark) to NAME.tmp, then renames it to NAME, creating the folder.</summary>
    public static void WriteAllText(string path, string text) =>
        AtomicOutput.Write(path, temp => File.WriteAllText(temp, text, new UTF8Encoding(false)));
}

/// <summary>
/// The one "write NAME.tmp, rename to NAME when complete" of every output: the folder is created, the file is
/// written under <see cref="TempPath"/> (and any side files named by <see cref="SidePath"/>, e.g. a row spool),
/// <see cref="Commit"/> renames it to <see cref="Path"/> (replacing an older file), and disposing without
/// committing deletes the temporary files, so a failed run leaves nothing behind. <see cref="Suspend"/> keeps
/// them instead, as a killed process would, for a run continued with --resume.
/// </summary>
public sealed class AtomicOutput : IDisposable
{
    private readonly List<string> _sides = [];
    private readonly string _suffix;
    private bool _done;

    /// <summary>The final name.</summary>
    public string Path { get; }

    /// <summary>NAME.tmp: where the file is written until <see cref="Commit"/>.</summary>
    public string TempPath => Path + _suffix;

    /// <param name="path">The final name; its folder is created (an <see cref="InputException"/> when it cannot be).</param>
    /// <param name="tempSuffix">Appended to the name while writing: ".tmp", or e.g. ".tmp.png" for a writer that
    /// goes by the extension.</param>
    public AtomicOutput(string path, string tempSuffix = ".tmp")
    {
        Path = path;
        _suffix = tempSuffix;
        OutputFolder.CreateFor(path);
    }

    /// <summary>The temporary name of <paramref name="path"/>: NAME.tmp.</summary>
    public static string TempOf(string path) => path + ".tmp";

    /// <summary>A temporary side file NAME.<paramref name="suffix"/> (e.g. "rows.tmp"), deleted with the output.</summary>
    public string SidePath(string suffix)
    {
        var side = Path + "." + suffix;
        if (!_sides.Contains(side)) _sides.Add(side);
        return side;
    }

    /// <summary>Renames NAME.tmp to NAME and deletes the side files.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        File.Move(TempPath, Path, overwrite: true);
        _done = true;
        foreach (var s in _sides) TryDelete(s);
    }

    /// <summary>Leaves NAME.tmp and the side files as they are (a suspended run, continued with --resume).</summary>
    public void Suspend() => _done = true;

    /// <summary>Deletes NAME.tmp and the side files unless committed or suspended.</summary>
    public void Dispose()
    {
        if (_done) return;
        _done = true;
        TryDelete(TempPath);
        foreach (var s in _sides) TryDelete(s);
    }

    /// <summary>Opens <paramref name="path"/> (a temporary file) to write from its start, or, resuming, to go on after
    /// its first <paramref name="keep"/> bytes (the rest, written after the last checkpoint, is cut off).</summary>
    /// <exception cref="InputException">The file is shorter than <paramref name="keep"/>: it cannot be resumed.</exception>
    public static FileStream OpenAt(string path, long? keep, FileAccess access, FileShare share)
    {
        if (keep is not null && Directory.Exists(path))
            throw new InputException(path, null, null, "is a folder, not the temporary output of the interrupted run; cannot resume");
        if (keep is not null && !File.Exists(path))
            throw new InputException(path, null, null, "the temporary output of the interrupted run is missing; cannot resume");
        var file = new FileStream(path, keep is null ? FileMode.Create : FileMode.Open, access, share, 1 << 16);
        if (keep is not { } k) return file;
        if (k < 0 || file.Length < k)
        {
            long length = file.Length;
            file.Dispose();
            throw new InputException(path, null, null, $"holds {length} bytes, the resume journal says {k}: cannot resume");
        }
        file.SetLength(k);
        file.Position = k;
        return file;
    }

    /// <summary>Writes a whole file through NAME.tmp: <paramref name="write"/> gets the temporary path.</summary>
    public static void Write(string path, Action<string> write)
    {
        using var output = new AtomicOutput(path);
        write(output.TempPath);
        output.Commit();
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
