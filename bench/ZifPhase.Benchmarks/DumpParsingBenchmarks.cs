using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ZifPhase.IO;

namespace ZifPhase.Benchmarks;

/// <summary>
/// Parsing speed of LAMMPS dump text: 5 frames of 58,752 atoms (a 6×6×6 ZIF-4 supercell) in a triclinic box,
/// <c>ITEM: ATOMS id element x y z</c> with 6 significant digits as LAMMPS's default %g writes them, about
/// 2 MB a frame, parsed from a MemoryStream on one core.
/// </summary>
/// <remarks>
/// Throughput: the "MB/s" column is InputBytes / Mean (10^6 bytes per second); by hand, MB/s = Input MB / mean
/// time in seconds. Run: <c>dotnet run -c Release --project bench/ZifPhase.Benchmarks -- --filter '*Dump*'</c>.
/// Target: ≥ 150 MB/s for <see cref="ParseAllFrames"/>.
/// </remarks>
[BenchmarkCategory("IO", "Dump")]
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class DumpParsingBenchmarks
{
    public const int AtomsPerFrame = 58_752;
    public const int Frames = 5;

    private static readonly Lazy<byte[]> Text = new(Generate);

    /// <summary>Bytes of dump text one benchmark call parses.</summary>
    public static long InputBytes => Text.Value.Length;

    private byte[] _text = [];

    [GlobalSetup]
    public void Setup() => _text = Text.Value;

    [Benchmark(Description = "parse all frames")]
    public int ParseAllFrames()
    {
        int atoms = 0;
        foreach (var frame in LammpsDump.Read(new MemoryStream(_text, writable: false), "bench.dump", ReadOptions.Default))
            atoms += frame.AtomCount;
        return atoms;
    }

    [Benchmark(Description = "skip to last frame")]
    public int SkipToLastFrame()
    {
        var options = new ReadOptions { Frames = new FrameRange(Frames - 1) };
        int atoms = 0;
        foreach (var frame in LammpsDump.Read(new MemoryStream(_text, writable: false), "bench.dump", options))
            atoms += frame.AtomCount;
        return atoms;
    }

    /// <summary>Deterministic dump text: ZIF-like composition (Zn:N:C:H = 1:4:6:6), random positions in the box.</summary>
    private static byte[] Generate()
    {
        var rng = new Random(2024);
        var inv = CultureInfo.InvariantCulture;
        string[] pattern = ["Zn", "N", "N", "N", "N", "C", "C", "C", "C", "C", "C", "H", "H", "H", "H", "H", "H"];
        const double lx = 92.5386, ly = 92.4252, lz = 110.6274, xy = -0.00113, xz = -0.00348, yz = -0.00077;
        var sb = new StringBuilder(12_000_000);
        for (int f = 0; f < Frames; f++)
        {
            sb.Append(inv, $"ITEM: TIMESTEP\n{f * 1000}\nITEM: NUMBER OF ATOMS\n{AtomsPerFrame}\n");
            sb.Append("ITEM: BOX BOUNDS xy xz yz pp pp pp\n");
            sb.Append(inv, $"{-0.00461:G6} {lx:G6} {xy:G6}\n{0:G6} {ly:G6} {xz:G6}\n{0:G6} {lz:G6} {yz:G6}\n");
            sb.Append("ITEM: ATOMS id element x y z\n");
            for (int i = 0; i < AtomsPerFrame; i++)
            {
                double x = rng.NextDouble() * lx, y = rng.NextDouble() * ly, z = rng.NextDouble() * lz;
                sb.Append(inv, $"{i + 1} {pattern[i % pattern.Length]} {x:G6} {y:G6} {z:G6}\n");
            }
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig()
        {
            AddColumn(new InputSizeColumn(), new ThroughputColumn());
        }
    }

    /// <summary>Megabytes of input per call.</summary>
    private sealed class InputSizeColumn : IColumn
    {
        public string Id => nameof(InputSizeColumn);
        public string ColumnName => "Input MB";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Dump text parsed per call, 10^6 bytes";
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => (InputBytes / 1e6).ToString("F1", CultureInfo.InvariantCulture);
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
    }

    /// <summary>Input bytes over mean time, in 10^6 bytes per second.</summary>
    private sealed class ThroughputColumn : IColumn
    {
        public string Id => nameof(ThroughputColumn);
        public string ColumnName => "MB/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 1;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Input MB / mean time in seconds";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        {
            var stats = summary[benchmarkCase]?.ResultStatistics;
            if (stats is null || stats.Mean <= 0) return "NA";
            double seconds = stats.Mean / 1e9; // Mean is in nanoseconds
            return (InputBytes / 1e6 / seconds).ToString("F0", CultureInfo.InvariantCulture);
        }

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
    }
}
