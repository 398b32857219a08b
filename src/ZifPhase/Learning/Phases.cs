namespace ZifPhase.Learning;

/// <summary>The seven phases of Zn(Im)₂ that ZifPhase knows, spelt as everywhere in ZifPhase (models, plots, data).</summary>
public static class Phases
{
    /// <summary>
    /// The known phase names, in ZifPhase's usual order: ZIF-4, ZIF-4-cp, ZIF-4-cp-II, ZIF-zni, ZIF-hPT-II, glass, liquid.
    /// </summary>
    public static readonly IReadOnlyList<string> Known = ["ZIF-4", "ZIF-4-cp", "ZIF-4-cp-II", "ZIF-zni", "ZIF-hPT-II", "glass", "liquid"];

    /// <summary>Whether <paramref name="phase"/> is one of <see cref="Known"/>, spelt exactly.</summary>
    public static bool IsKnown(string phase) => Known.Contains(phase, StringComparer.Ordinal);

    /// <summary>
    /// Null for a known phase; otherwise a remark naming the known spellings and the nearest one, when close
    /// (a user's own phase is allowed: this is for a warning).
    /// </summary>
    public static string? UnknownRemark(string phase) => IsKnown(phase) ? null
        : $"phase '{phase}' is not one of the seven known phases ({string.Join(", ", Known)}){Spelling.DidYouMean(phase, Known)}; it is kept as a phase of its own";

    /// <summary>
    /// The one-line reason for a phase that a file does not have: "no phase 'X' here; its phases are A, B (did you
    /// mean 'A'?)".
    /// </summary>
    public static string NotFound(string phase, IReadOnlyCollection<string> existing) => existing.Count == 0
        ? $"no phase '{phase}' here: it holds no phase labels"
        : $"no phase '{phase}' here; its phases are {string.Join(", ", existing)}{Spelling.DidYouMean(phase, existing)}";
}
