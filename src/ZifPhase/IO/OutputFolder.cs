namespace ZifPhase.IO;

/// <summary>
/// Creates the folders an output goes into, however deep, and refuses in one line naming the path when that
/// cannot be (a file where a folder should be, no permission), instead of the runtime's message.
/// </summary>
public static class OutputFolder
{
    /// <summary>Creates the folder that will hold the file <paramref name="filePath"/> (nothing for the current folder).</summary>
    public static void CreateFor(string filePath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(filePath));
        if (!string.IsNullOrEmpty(dir)) Create(dir, filePath, "its folder");
    }

    /// <summary>Creates the folder <paramref name="dir"/> and its parents.</summary>
    public static void Create(string dir) => Create(Path.GetFullPath(dir), dir, "this folder");

    private static void Create(string fullDir, string named, string what)
    {
        if (Directory.Exists(fullDir)) return;
        for (var d = fullDir; !string.IsNullOrEmpty(d); d = Path.GetDirectoryName(d))
            if (File.Exists(d))
                throw new InputException(named, null, null, $"cannot create {what}: '{d}' is a file; choose another output path");
        try
        {
            Directory.CreateDirectory(fullDir);
        }
        catch (UnauthorizedAccessException)
        {
            throw new InputException(named, null, null, $"cannot create the folder '{fullDir}': permission denied; choose another output path");
        }
        catch (IOException e)
        {
            throw new InputException(named, null, null, $"cannot create the folder '{fullDir}' ({e.Message.ReplaceLineEndings(" ")}); choose another output path");
        }
    }
}
