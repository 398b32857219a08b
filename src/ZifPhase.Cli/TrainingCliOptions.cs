using System.CommandLine;
using ZifPhase.Learning;

namespace ZifPhase.Cli;

/// <summary>The options `train` and `experiment cross` share beyond the preset: ensemble, augmentation, early stopping, novelty.</summary>
public sealed class TrainingCliOptions
{
    public Option<int> Ensemble { get; } = new Option<int>("--ensemble")
    {
        Description = "train K networks (own initialisation and shuffling each; member 0 = the single model of this seed) and average their probabilities; the spread between them is reported per atom",
        DefaultValueFactory = _ => 1,
        HelpName = "K",
    }.Allow(k => k >= 1, "at least 1");

    public Option<string> Augment { get; } = new("--augment")
    {
        Description = "noise:SIGMA adds Gaussian noise of standard deviation SIGMA to the scaled inputs of every mini-batch (seeded); none (default) adds nothing",
        DefaultValueFactory = _ => "none",
        HelpName = "noise:SIGMA",
    };

    public Option<string?> EarlyStopping { get; } = new("--early-stopping")
    {
        Description = "loss (stop when the training loss stalls, scikit-learn's rule), run (hold out whole runs — or late frames of a phase's only run — as validation, stop on its loss, then refit on all training rows for the best epoch count) or none (all epochs); default: the preset's (loss for paper-soap, none for paper-bpsf)",
        HelpName = "MODE",
    };

    public Option<string> Novelty { get; } = new("--novelty")
    {
        Description = "the 'unknown' answer: hidden (Mahalanobis distance in member 0's last hidden layer, default), descriptor (in the scaled descriptor) or none (never unknown); threshold = 99.9th percentile of the training rows' scores",
        DefaultValueFactory = _ => "hidden",
        HelpName = "SPACE",
    };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Ensemble, Augment, EarlyStopping, Novelty }) command.Options.Add(o);
    }

    /// <summary>The options with these set; malformed values are one-line usage errors.</summary>
    public TrainingOptions Apply(ParseResult parse, TrainingOptions options)
    {
        options = options with
        {
            Ensemble = parse.GetValue(Ensemble),
            Augment = Augmentation.Parse(parse.GetValue(Augment)!),
            NoveltySpace = TrainingOptions.ParseNoveltySpace(parse.GetValue(Novelty)!),
        };
        if (parse.GetValue(EarlyStopping) is { } e) options = options with { EarlyStopping = TrainingOptions.ParseEarlyStopping(e) };
        return options;
    }
}
