using System.Text;
using System.Text.Json.Nodes;
using ZifPhase.IO;
using ZifPhase.Neighbors;
using ZifPhase.Structures;

namespace ZifPhase.Analysis;

/// <summary>
/// Zn–N coordination per phase: for every Zn of every frame, the N atoms within <see cref="Cutoff"/> (Å, periodic
/// images included), grouped by the Zn's label in the frame's per-atom <c>phase</c> column
/// (<see cref="PhaseLabels"/>; "all" for a frame without one, "unlabelled" for a Zn without a label). In a ZIF every
/// Zn is bonded to four imidazolate N at about 2.0 Å; 2.5 Å separates them from the next N (≥ 3 Å).
/// </summary>
public sealed class ZnNCoordination : FrameAnalysis<ZnNCoordinationResult>
{
    /// <summary>The default Zn–N cutoff, Å.</summary>
    public const double DefaultCutoff = 2.5;

    /// <summary>Label of the Zn of a frame without a <c>phase</c> column.</summary>
    public const string All = "all";

    /// <summary>Label of a Zn without a label in a labelled frame.</summary>
    public const string Unlabelled = "unlabelled";

    private readonly SortedDictionary<string, PhaseTally> _phases = new(StringComparer.Ordinal);

    /// <param name="cutoff">Zn–N cutoff in Å (inclusive), positive and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">The cutoff is not positive and finite.</exception>
    public ZnNCoordination(double cutoff = DefaultCutoff)
    {
        if (!(cutoff > 0 && double.IsFinite(cutoff))) throw new ArgumentOutOfRangeException(nameof(cutoff), cutoff, "give a positive cutoff in Å");
        Cutoff = cutoff;
    }

    /// <summary>Zn–N cutoff, Å.</summary>
    public double Cutoff { get; }

    /// <inheritdoc/>
    protected override void SingleFrame(Frame frame)
    {
        var zn = frame.IndicesOf(Element.Zn);
        string?[]? labels = frame.Column(PhaseLabels.PhaseColumn) is null ? null : PhaseLabels.Read(frame);
        var list = NeighborList.Build(frame, zn, Cutoff, [Element.N]);
        Span<double> nearest = stackalloc double[4];
        for (int row = 0; row < zn.Length; row++)
        {
            string phase = labels is null ? All : labels[zn[row]] ?? Unlabelled;
            if (!_phases.TryGetValue(phase, out var tally)) _phases[phase] = tally = new PhaseTally();
            var distances = list.DistancesOf(row);
            tally.Zn++;
            tally.CnSum += distances.Length;
            tally.Histogram[Math.Min(distances.Length, ZnNCoordinationRow.MaxCn)]++;
            if (distances.Length < 4) continue;
            nearest.Fill(double.PositiveInfinity);
            foreach (var d in distances)
            {
                if (d >= nearest[3]) continue;
                int k = 3;
                for (; k > 0 && nearest[k - 1] > d; k--) nearest[k] = nearest[k - 1];
                nearest[k] = d;
            }
            tally.D4Sum += (nearest[0] + nearest[1] + nearest[2] + nearest[3]) / 4;
            tally.D4Count++;
        }
    }

    /// <inheritdoc/>
    protected override ZnNCoordinationResult Conclude() => new(Cutoff, FramesDone,
        [.. _phases.Select(p => new ZnNCoordinationRow(p.Key, p.Value.Zn, [.. p.Value.Histogram],
            p.Value.Zn == 0 ? double.NaN : (double)p.Value.CnSum / p.Value.Zn,
            p.Value.D4Count == 0 ? double.NaN : p.Value.D4Sum / p.Value.D4Count))]);

    private sealed class PhaseTally
    {
        public long Zn, CnSum, D4Count;
        public double D4Sum;
        public readonly long[] Histogram = new long[ZnNCoordinationRow.MaxCn + 1];
    }
}

/// <summary>
/// Zn–N coordination of one phase over every frame: <paramref name="Zn"/> Zn centres (summed over frames),
/// <paramref name="Histogram"/>[n] of them with n N within the cutoff (n = 0 … 8, the last counting 8 or more),
/// the mean coordination number, and the mean Zn–N distance (Å) of the four nearest N over the Zn with at least
/// four (NaN when none has).
/// </summary>
public sealed record ZnNCoordinationRow(string Phase, long Zn, long[] Histogram, double MeanCn, double MeanD4)
{
    /// <summary>The last histogram bin: 8 or more N.</summary>
    public const int MaxCn = 8;
}

/// <summary>
/// The result of <see cref="ZnNCoordination"/>: the cutoff (Å), the frames analysed, one row per phase (ordinal
/// order of the labels). It writes itself as JSON (<see cref="ToJson"/>) and as CSV (<see cref="ToCsv"/>:
/// phase,zn,mean_cn,cn0..cn8,mean_d4; NaN as an empty field).
/// </summary>
public sealed record ZnNCoordinationResult(double Cutoff, int Frames, IReadOnlyList<ZnNCoordinationRow> Phases)
{
    /// <summary>Zn centres over every phase and frame.</summary>
    public long Zn => Phases.Sum(p => p.Zn);

    /// <summary>{"cutoff", "frames", "zn", "phases": [{"phase", "zn", "mean_cn", "cn": [9 counts], "mean_d4"}]}; NaN as null.</summary>
    public JsonObject ToJson() => new()
    {
        ["cutoff"] = Cutoff,
        ["frames"] = Frames,
        ["zn"] = Zn,
        ["phases"] = new JsonArray([.. Phases.Select(p => (JsonNode)new JsonObject
        {
            ["phase"] = p.Phase,
            ["zn"] = p.Zn,
            ["mean_cn"] = Number(p.MeanCn),
            ["cn"] = new JsonArray([.. p.Histogram.Select(c => (JsonNode)JsonValue.Create(c))]),
            ["mean_d4"] = Number(p.MeanD4),
        })]),
    };

    /// <summary>The CSV text: a header phase,zn,mean_cn,cn0,…,cn8,mean_d4 and one line per phase.</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder("phase,zn,mean_cn,");
        for (int n = 0; n <= ZnNCoordinationRow.MaxCn; n++) csv.Append("cn").Append(n).Append(',');
        csv.Append("mean_d4\n");
        foreach (var p in Phases)
            csv.Append(p.Phase.Contains(',') || p.Phase.Contains('"') ? "\"" + p.Phase.Replace("\"", "\"\"") + "\"" : p.Phase)
                .Append(',').Append(p.Zn).Append(',').Append(Text(p.MeanCn)).Append(',')
                .AppendJoin(',', p.Histogram).Append(',').Append(Text(p.MeanD4)).Append('\n');
        return csv.ToString();
    }

    /// <summary>Writes <see cref="ToCsv"/> to <paramref name="path"/> atomically (NAME.tmp, then renamed).</summary>
    public void WriteCsv(string path) => AtomicFile.WriteAllText(path, ToCsv());

    private static JsonNode? Number(double v) => double.IsNaN(v) ? null : JsonValue.Create(v);
    private static string Text(double v) => double.IsNaN(v) ? "" : NumberText.Format(v);
}
