using ZifPhase.Learning;
using ZifPhase.Structures;

namespace ZifPhase.Analysis;

/// <summary>
/// Per-atom phase labels carried by a labelled trajectory: a String column <c>phase</c> (the most probable class
/// of each centre; empty for atoms that are not centres, written "_" in text formats) and one Real column
/// <c>p_&lt;class&gt;</c> per class (0 for non-centres), &lt;class&gt; written as an identifier
/// (<see cref="ColumnNames.Identifier"/>: p_ZIF_4_cp), a Properties name ASE and OVITO keep. OVITO and ASE read both.
/// Two more Real columns, <c>spread</c> (the ensemble members' standard deviation of the chosen class's probability)
/// and <c>novelty</c> (the novelty score), are not p_-prefixed, so they are never taken for classes. The label is
/// <see cref="Unknown"/> when the novelty detector says so, else <see cref="Uncertain"/> below the threshold, else the class.
/// </summary>
public static class PhaseLabels
{
    /// <summary>Name of the per-atom string column holding each centre's label.</summary>
    public const string PhaseColumn = "phase";
    /// <summary>Prefix of the per-atom Real columns holding each class's probability (p_&lt;class identifier&gt;).</summary>
    public const string ProbabilityPrefix = "p_";
    /// <summary>Label of a centre whose highest probability is below the threshold, when one is applied.</summary>
    public const string Uncertain = "uncertain";
    /// <summary>Label of a centre unlike everything the model was trained on (novelty score above its threshold).</summary>
    public const string Unknown = "unknown";
    /// <summary>Name of the per-atom Real column holding the ensemble members' standard deviation of the chosen class's probability.</summary>
    public const string SpreadColumn = "spread";
    /// <summary>Name of the per-atom Real column holding the novelty score.</summary>
    public const string NoveltyColumn = "novelty";

    /// <summary>Centre i's label with the precedence unknown, uncertain (highest probability below the threshold), class.</summary>
    public static string LabelOf(PhaseAssignment assignment, int i, double threshold) =>
        assignment.IsUnknown(i) ? Unknown
        : assignment.MaxProbability(i) < threshold ? Uncertain
        : assignment.Classes[assignment.Label(i)];

    /// <summary>Whether a label is one of the two non-phase answers (unknown, uncertain).</summary>
    public static bool IsNonPhase(string label) => label is Uncertain or Unknown;

    /// <summary>The frame with <c>phase</c> and <c>p_*</c> columns added from a classification.</summary>
    public static Frame Attach(Frame frame, PhaseAssignment assignment, double threshold = 0)
    {
        int n = frame.AtomCount, k = assignment.Classes.Count;
        var phase = new string[n];
        Array.Fill(phase, "");
        var p = new double[k][];
        for (int c = 0; c < k; c++) p[c] = new double[n];
        var spread = new double[n];
        var novelty = new double[n];
        for (int i = 0; i < assignment.Centres.Length; i++)
        {
            int atom = assignment.Centres[i];
            var row = assignment.Row(i);
            phase[atom] = LabelOf(assignment, i, threshold);
            for (int c = 0; c < k; c++) p[c][atom] = row[c];
            spread[atom] = assignment.Spread[i];
            novelty[atom] = assignment.Novelty[i];
        }
        var ids = ColumnNames.Identifiers(assignment.Classes);
        var columns = new List<AtomColumn> { new AtomColumn<string>(PhaseColumn, phase) };
        for (int c = 0; c < k; c++) columns.Add(new AtomColumn<double>(ProbabilityPrefix + ids[c], p[c]));
        columns.Add(new AtomColumn<double>(SpreadColumn, spread));
        columns.Add(new AtomColumn<double>(NoveltyColumn, novelty));
        return frame.WithColumns(columns);
    }

    /// <summary>The model's classes named by a labelled frame's <c>p_&lt;class&gt;</c> columns; empty without them.</summary>
    public static IReadOnlyList<string> Classes(Frame frame) =>
        [.. frame.Columns.Select(c => c.Name)
            .Where(n => n.StartsWith(ProbabilityPrefix, StringComparison.Ordinal) && n.Length > ProbabilityPrefix.Length)
            .Select(n => n[ProbabilityPrefix.Length..])];

    /// <summary>The phase name of a <c>p_&lt;class&gt;</c> identifier: the known phase it was made from
    /// (ZIF_4_cp → ZIF-4-cp), else the identifier itself.</summary>
    public static string PhaseOf(string identifier) =>
        Phases.Known.FirstOrDefault(k => ColumnNames.Identifier(k) == identifier) ?? identifier;

    /// <summary>Phase label per atom from a labelled frame (null for atoms without one).</summary>
    public static string?[] Read(Frame frame)
    {
        var column = frame.Column(PhaseColumn)
            ?? throw new InputException(frame.Source, frame.Index, null, $"no per-atom '{PhaseColumn}' column: classify the trajectory first (zifphase classify ... -o LABELLED.extxyz)");
        var labels = new string?[frame.AtomCount];
        for (int i = 0; i < labels.Length; i++)
        {
            var text = column.Format(i, 0);
            labels[i] = text is "" or "_" ? null : text;
        }
        return labels;
    }
}

/// <summary>
/// Refuses a target phase that labelled frames do not have (a misspelling would otherwise match no atom and report
/// nothing), naming the phases they have. A frame with <c>p_&lt;class&gt;</c> columns (from classify) is checked
/// at once against the model's classes; frames with a <c>phase</c> column only are judged together at
/// <see cref="Finish"/>: the target must be among the labels of at least one of them (a run may well have frames
/// without it). <see cref="PhaseLabels.Uncertain"/> and <see cref="PhaseLabels.Unknown"/> are always valid targets.
/// </summary>
public sealed class TargetPhaseCheck(string target, string option = "--phase")
{
    private readonly List<string> _labels = [];
    private readonly List<string> _sources = [];
    private bool _found;

    /// <summary>The phase asked for (by <c>option</c>).</summary>
    public string Target { get; } = target;

    /// <summary>Checks one frame until the target is found: with p_ columns, throws an input error when they do not include the target; without, collects the frame's phase labels, stopping at the target.</summary>
    public void See(Frame frame)
    {
        if (_found || PhaseLabels.IsNonPhase(Target)) return;
        var classes = PhaseLabels.Classes(frame);
        if (classes.Count > 0)
        {
            // p_<class> columns name classes as identifiers (p_ZIF_4_cp): compare identifiers, and name the
            // classes by their phase names where they are known phases.
            if (!classes.Contains(ColumnNames.Identifier(Target), StringComparer.Ordinal))
                throw new InputException(frame.Source, frame.Index, null, $"{Phases.NotFound(Target, [.. classes.Select(PhaseLabels.PhaseOf)])}; give one of them with {option}");
            _found = true;
            return;
        }
        foreach (var label in PhaseLabels.Read(frame))
        {
            if (label is null || PhaseLabels.IsNonPhase(label) || _labels.Contains(label, StringComparer.Ordinal)) continue;
            if (label == Target)
            {
                _found = true;
                return;
            }
            _labels.Add(label);
        }
        if (frame.Source is { } s && !_sources.Contains(s)) _sources.Add(s);
    }

    /// <summary>Throws when no frame seen had the target among its labels.</summary>
    public void Finish()
    {
        if (_found || PhaseLabels.IsNonPhase(Target)) return;
        throw new InputException(_sources.Count == 0 ? null : string.Join(", ", _sources), null, null,
            $"{Phases.NotFound(Target, _labels)}; give one of them with {option}");
    }
}
