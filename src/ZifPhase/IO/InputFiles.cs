using System.Text;

namespace ZifPhase.IO;

/// <summary>
/// Opens and reads input files with one set of messages for what users get wrong: a missing file or folder
/// (<c>PATH: no such file</c>), a folder given as a file and a file that may not be read, each an
/// <see cref="InputException"/> naming the path.
/// </summary>
public static class InputFiles
{
    /// <summary>Opens <paramref name="path"/> for reading (shared with writers: a file may still be growing).</summary>
    /// <param name="path">The file.</param>
    /// <param name="missing">The reason when the file does not exist ("no such file", "no such model file").</param>
    /// <param name="missingFolder">The reason when its folder does not exist (default: <paramref name="missing"/>).</param>
    /// <param name="bufferSize">The stream's buffer, bytes.</param>
    /// <exception cref="InputException">The file is missing, is a folder, or may not be read.</exception>
    public static FileStream OpenRead(string path, string missing = "no such file", string? missingFolder = null, int bufferSize = 4096) =>
        Read(path, missing, missingFolder, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize));

    /// <summary>The text of <paramref name="path"/> (UTF-8, a byte-order mark honoured); errors as <see cref="OpenRead"/>.</summary>
    public static string ReadAllText(string path, string missing = "no such file") =>
        Read(path, missing, null, () => File.ReadAllText(path, Encoding.UTF8));

    /// <summary>The lines of <paramref name="path"/> (UTF-8, as <see cref="File.ReadAllLines(string)"/>); errors as <see cref="OpenRead"/>.</summary>
    public static string[] ReadAllLines(string path, string missing = "no such file") =>
        Read(path, missing, null, () => File.ReadAllLines(path, Encoding.UTF8));

    /// <summary>The bytes of <paramref name="path"/>; errors as <see cref="OpenRead"/>.</summary>
    public static byte[] ReadAllBytes(string path, string missing = "no such file") =>
        Read(path, missing, null, () => File.ReadAllBytes(path));

    private static T Read<T>(string path, string missing, string? missingFolder, Func<T> read)
    {
        FilePaths.RequireFile(path);
        try
        {
            return read();
        }
        catch (FileNotFoundException)
        {
            throw new InputException(path, null, null, missing);
        }
        catch (DirectoryNotFoundException)
        {
            throw new InputException(path, null, null, missingFolder ?? missing);
        }
        catch (UnauthorizedAccessException)
        {
            // A folder can appear between the check and the open.
            throw new InputException(path, null, null, Directory.Exists(path) ? "is a directory, not a file" : "permission denied");
        }
    }
}
