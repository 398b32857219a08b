using ZifPhase.IO;
using ZifPhase.Structures;

namespace ZifPhase.Tests.Learning.Data;

/// <summary>Small trajectories written for dataset tests: jittered copies of real ZIF-4 and ZIF-4-cp-II cells.</summary>
public static class DatasetTestData
{
    public static Frame Zif4 { get; } = TrajectoryReader.ReadFirst(TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif"));
    public static Frame CpII { get; } = TrajectoryReader.ReadFirst(TestPaths.Data("structures", "widmer-2019", "ZIF-4-cp-II.cif"));

    public static IEnumerable<Frame> Jittered(Frame frame, int count, int seed, double amplitude = 0.05)
    {
        var rng = new Random(seed);
        for (int f = 0; f < count; f++)
        {
            var positions = frame.Positions
                .Select(p => p + new Vec3(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5) * (2 * amplitude))
                .ToArray();
            yield return new Frame(positions, frame.Elements, frame.Cell) { Step = 100 * f, Index = f };
        }
    }

    /// <summary>Writes frames to <paramref name="path"/> (format from the extension).</summary>
    public static string Write(string path, IEnumerable<Frame> frames)
    {
        TrajectoryWriter.WriteAll(path, frames);
        return path;
    }

    /// <summary>
    /// A folder with md/zif4-a.extxyz (4 frames, tag "ffA"), md/cp2-a.extxyz (3 frames, "ffA"), md/zif4-b.extxyz
    /// (5 frames of which 0:5:2 are used, "ffB") and manifest.toml using paper-bpsf on Zn.
    /// </summary>
    public static string WriteThreeSources(string? extraTopLevel = null)
    {
        var dir = TestPaths.NewTempDir();
        Directory.CreateDirectory(Path.Combine(dir, "md"));
        Write(Path.Combine(dir, "md", "zif4-a.extxyz"), Jittered(Zif4, 4, 1));
        Write(Path.Combine(dir, "md", "cp2-a.extxyz"), Jittered(CpII, 3, 2));
        Write(Path.Combine(dir, "md", "zif4-b.extxyz"), Jittered(Zif4, 5, 3));
        File.WriteAllText(Path.Combine(dir, "manifest.toml"), $$"""
            descriptor = "paper-bpsf"
            {{extraTopLevel ?? ""}}

            [[source]]
            path = "md/zif4-a.extxyz"
            phase = "ZIF-4"
            tag = "ffA"

            [[source]]
            path = "md/cp2-a.extxyz"
            phase = "ZIF-4-cp-II"
            tag = "ffA"

            [[source]]
            path = "md/zif4-b.extxyz"
            phase = "ZIF-4"
            tag = "ffB"
            frames = "0:5:2"
            """);
        return dir;
    }
}
