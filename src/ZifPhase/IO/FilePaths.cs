namespace ZifPhase.IO;

/// <summary>Checks on the files a command reads and writes, shared by every command so each mistake has one answer.</summary>
public static class FilePaths
{
    /// <summary>Refuses a folder where a file is expected: "adir: is a directory, not a file".</summary>
    public static string RequireFile(string path)
    {
        if (Directory.Exists(path)) throw new InputException(path, null, null, "is a directory, not a file");
        return path;
    }

    /// <summary>
    /// Checks, before any work, that an output file can be written: not a folder, its folder made, and its
    /// folder accepting a new file (a uniquely named probe, created and deleted); else "OUT: cannot be written
    /// there (…); choose another output path".
    /// </summary>
    public static void CheckOutput(string? path)
    {
        if (path is null) return;
        RequireFile(path);
        OutputFolder.CreateFor(path);
        // A name of its own: shards of one run check the same output at the same time, and an existing
        // NAME.tmp (a run to resume) must stay as it is.
        var full = Path.GetFullPath(path);
        var probe = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.probe.tmp");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None)) { }
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var why = e switch
            {
                UnauthorizedAccessException => "permission denied",
                FileNotFoundException or DirectoryNotFoundException => "its folder does not accept new files",
                _ => e.Message.ReplaceLineEndings(" ").Replace(probe, path),
            };
            throw new InputException(path, null, null, $"cannot be written there ({why}); choose another output path");
        }
    }

    /// <summary>
    /// Refuses any output that is one of the inputs (the same full path, or a link to the same file):
    /// "OUT: would overwrite the input IN; choose another output name". Null entries are skipped.
    /// </summary>
    public static void RefuseOverwrite(IEnumerable<string?> inputs, params string?[] outputs)
    {
        var ins = inputs.Where(i => i is not null).Select(i => i!).ToList();
        foreach (var output in outputs)
        {
            if (output is null) continue;
            foreach (var input in ins)
                if (SameFile(input, output))
                    throw new UsageException($"{output}: would overwrite the input {input}; choose another output name");
        }
    }

    /// <summary><see cref="RefuseOverwrite"/>, then <see cref="CheckOutput"/> for every output.</summary>
    public static void CheckOutputs(IEnumerable<string?> inputs, params string?[] outputs)
    {
        RefuseOverwrite(inputs, outputs);
        foreach (var o in outputs) CheckOutput(o);
    }

    /// <summary>Whether two paths name the same file: equal full paths, or links that resolve to the same file.</summary>
    public static bool SameFile(string a, string b)
    {
        string fa = Path.GetFullPath(a), fb = Path.GetFullPath(b);
        if (fa == fb) return true;
        return Resolve(fa) is { } ra && Resolve(fb) is { } rb && ra == rb;
    }

    private static string? Resolve(string fullPath)
    {
        try
        {
            var info = new FileInfo(fullPath);
            if (!info.Exists) return fullPath;
            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            return target is null ? fullPath : Path.GetFullPath(target.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
