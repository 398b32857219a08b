using ZifPhase.Descriptors;

namespace ZifPhase.Learning;

/// <summary>
/// A named recipe of the method: the descriptor, the training options and the network's hidden layers
/// (input: the descriptor's <see cref="IDescriptor.Dimension"/>; output: one unit per class).
/// </summary>
/// <param name="Name">The name the CLI, manifests, the Native library and Python take (<c>paper-soap</c>).</param>
/// <param name="Description">One line for help and reports.</param>
/// <param name="Descriptor">The descriptor settings.</param>
/// <param name="Training">The training options; <see cref="TrainingOptions.Hidden"/> is the network shape.</param>
public sealed record Preset(string Name, string Description, DescriptorSpec Descriptor, TrainingOptions Training)
{
    /// <summary>Hidden layer sizes of the classifier network (<see cref="TrainingOptions.Hidden"/> of <see cref="Training"/>).</summary>
    public IReadOnlyList<int> Hidden => Training.Hidden;
}

/// <summary>
/// The one registry of presets. Descriptor-only callers take <c>Presets.Get(name, "descriptor").Descriptor</c>;
/// the descriptor layer itself knows no preset names.
/// </summary>
public static class Presets
{
    /// <summary>The paper's SOAP classifier: <see cref="SoapSpec.PaperSoap"/>, 780-100-7, scikit-learn's MLPClassifier defaults.</summary>
    public static Preset PaperSoap { get; } = new("paper-soap",
        "the paper's SOAP (DScribe 2.1.1 settings, 780 values) and scikit-learn's MLPClassifier defaults, 100 hidden units",
        SoapSpec.PaperSoap, TrainingOptions.PaperSoap);

    /// <summary>The paper's BPSF classifier: <see cref="AcsfSpec.PaperBpsf"/>, 12-24-7, Keras settings.</summary>
    public static Preset PaperBpsf { get; } = new("paper-bpsf",
        "the paper's 12 BPSF (ACSF of the Zn, r_cut 13 Å) and its Keras network, 24 hidden units, 350 epochs",
        AcsfSpec.PaperBpsf, TrainingOptions.PaperBpsf);

    /// <summary>Every preset, in the order help texts list them.</summary>
    public static IReadOnlyList<Preset> All { get; } = [PaperSoap, PaperBpsf];

    /// <summary>The names of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(p => p.Name)];

    /// <summary>
    /// The preset of that name (case and surrounding blanks ignored). An unknown name is a
    /// <see cref="UsageException"/>, <c>unknown {use} preset 'x' (did you mean 'y'?); known: …</c>, where
    /// <paramref name="use"/> says what the caller wanted it for ("training", "descriptor").
    /// </summary>
    public static Preset Get(string name, string use = "training")
    {
        string key = name?.Trim().ToLowerInvariant() ?? "";
        return All.FirstOrDefault(p => p.Name == key)
            ?? throw new UsageException($"unknown {use} preset '{name}'{Spelling.DidYouMean(name ?? "", Names)}; known: {string.Join(", ", Names)}");
    }
}
