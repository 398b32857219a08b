using ZifPhase.IO;
using ZifPhase.Structures;

namespace ZifPhase.Benchmarks;

/// <summary>Frames shared by the benchmarks, built from the real structures shipped in data/.</summary>
public static class BenchmarkSystems
{
    /// <summary>
    /// The paper's benchmark system: ZIF-4 (Lewis et al. 2009, data/structures/lewis-2009/ZIF-4.cif) replicated
    /// 6×6×6 — 58,752 atoms, 3,456 Zn, a 92.5 × 92.4 × 110.6 Å cell.
    /// </summary>
    public static Frame Zif4Supercell() => Zif4UnitCell().Replicate(6, 6, 6);

    public static Frame Zif4UnitCell() => TrajectoryReader.ReadFirst(Data("structures", "lewis-2009", "ZIF-4.cif"));

    /// <summary>A file under the repository's data/ folder, found from the benchmark binary upwards.</summary>
    public static string Data(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ZifPhase.slnx"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("cannot find ZifPhase.slnx above the benchmark binary");
        return Path.Combine([dir.FullName, "data", .. parts]);
    }
}
