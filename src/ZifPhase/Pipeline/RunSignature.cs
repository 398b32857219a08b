using System.Security.Cryptography;
using System.Text;

namespace ZifPhase.Pipeline;

/// <summary>
/// What makes two runs "the same run": a SHA-256 (hex) of everything that decides their outputs (inputs, frame
/// selection, outputs, settings), never of what does not (threads, --shard, --resume, --follow). One signature
/// serves both the resume journal (a resumed run must be the interrupted one) and the shard records (parts
/// merged together must come from one run). <see cref="Covers"/> names, for an error message, what it covers.
/// </summary>
public sealed record RunSignature(string Hash, string Covers)
{
    /// <summary>The signature of <paramref name="values"/>, in order (null counts as empty).</summary>
    /// <param name="covers">What the values are, as a user names them: "model, inputs, outputs, --frames, --types or --threshold".</param>
    public static RunSignature Of(string covers, IEnumerable<string?> values) =>
        new(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", values.Select(v => (v ?? "").ReplaceLineEndings(" ")))))), covers);

    /// <summary>A file's full path, so that a run started from another folder is another run.</summary>
    public static string FullPath(string path) => Path.GetFullPath(path);
}
