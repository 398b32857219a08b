using System.Text;

namespace ZifPhase.IO;

/// <summary>Whole-file writes that never leave a partial file under the final name.</summary>
public static class AtomicFile
{
    /// <summary>Writes UTF-8 text (no byte-order mark) to NAME.tmp, then renames it to NAME, creating the folder.</summary>
    public static void WriteAllText(string path, string text)
    {
        OutputFolder.CreateFor(path);
        File.WriteAllText(path + ".tmp", text, new UTF8Encoding(false));
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
