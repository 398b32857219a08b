namespace ZifPhase.Learning;

/// <summary>
/// Pre-trained models that come with ZifPhase (models/NAME.json in the repository, copied beside the library when it
/// is built, packed or published), so a user can classify without training: wherever a model file is asked for, a
/// shipped model's name will do (<c>zifphase classify paper-soap run.lammpstrj</c>). An existing file of that name wins.
/// Folders searched: $ZIFPHASE_MODELS, then <c>models/</c> beside the running assembly.
/// </summary>
public static class ShippedModels
{
    /// <summary>The names of the models ZifPhase ships (each has a model card, models/NAME.md).</summary>
    public static IReadOnlyList<string> Names { get; } = ["paper-soap", "paper-bpsf"];

    /// <summary>The folders searched for shipped models, in order (only those that exist).</summary>
    public static IEnumerable<string> Folders()
    {
        if (Environment.GetEnvironmentVariable("ZIFPHASE_MODELS") is { Length: > 0 } env && Directory.Exists(env)) yield return env;
        var beside = Path.Combine(AppContext.BaseDirectory, "models");
        if (Directory.Exists(beside)) yield return beside;
    }

    /// <summary>
    /// The path to load for a model argument: the argument itself when it is an existing file (or looks like a
    /// path: has a folder part or a .json ending), else the shipped model of that name. A name that is neither is an
    /// error naming the shipped models.
    /// </summary>
    public static string Resolve(string modelArgument) => Resolve(modelArgument, Folders());

    /// <summary><see cref="Resolve(string)"/> over the given folders instead of <see cref="Folders"/>.</summary>
    public static string Resolve(string modelArgument, IEnumerable<string> folders)
    {
        ArgumentNullException.ThrowIfNull(modelArgument);
        if (File.Exists(modelArgument) || Directory.Exists(modelArgument)) return modelArgument;
        bool looksLikePath = modelArgument.Contains('/') || modelArgument.Contains('\\') || Path.HasExtension(modelArgument);
        if (!looksLikePath)
        {
            var searched = folders.ToList();
            foreach (var folder in searched)
            {
                var path = Path.Combine(folder, modelArgument + ".json");
                if (File.Exists(path)) return path;
            }
            throw new InputException(modelArgument, null, null, Names.Contains(modelArgument, StringComparer.Ordinal)
                ? $"the shipped model is not installed beside this zifphase (looked in {string.Join(", ", searched.DefaultIfEmpty("no models folder"))}); set ZIFPHASE_MODELS to the repository's models folder"
                : $"no such model file, and not a shipped model{Spelling.DidYouMean(modelArgument, Names)} (shipped: {string.Join(", ", Names)})");
        }
        return modelArgument;
    }
}
