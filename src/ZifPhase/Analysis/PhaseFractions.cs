using ZifPhase.Learning;
using ZifPhase.Structures;

namespace ZifPhase.Analysis;

/// <summary>
/// Phase populations of one frame: per class the number of centres whose most probable class it is, their
/// fraction, and the mean probability of the class over all centres; plus the fraction of centres whose highest
/// probability is below the threshold ("uncertain", counted in addition: counts and fractions use the most
/// probable class of every centre and sum to the number of centres and to 1), and the fraction of centres the
/// model's novelty detector calls "unknown" (0 without a detector). A centre is counted in at most one of the two, with
/// the labels' precedence: unknown first, uncertain only when not unknown.
/// </summary>
public sealed record PhaseFractions(
    string File,
    int Frame,
    long Step,
    double? Time,
    Cell Cell,
    int Centres,
    IReadOnlyList<string> Classes,
    int[] Counts,
    double[] Fractions,
    double[] MeanProbabilities,
    double FractionUncertain,
    double FractionUnknown = 0)
{
    /// <summary>Counts the labels of one classified frame: per class the number of centres, their fraction and mean probability, and the shares below <paramref name="threshold"/> (uncertain) and unknown.</summary>
    public static PhaseFractions Of(Frame frame, PhaseAssignment assignment, double threshold)
    {
        int k = assignment.Classes.Count, n = assignment.Count;
        var counts = new int[k];
        var meanP = new double[k];
        int uncertain = 0, unknown = 0;
        for (int i = 0; i < n; i++)
        {
            counts[assignment.Label(i)]++;
            if (assignment.IsUnknown(i)) unknown++;
            else if (assignment.MaxProbability(i) < threshold) uncertain++;
            var row = assignment.Row(i);
            for (int c = 0; c < k; c++) meanP[c] += row[c];
        }
        var fractions = new double[k];
        for (int c = 0; c < k; c++)
        {
            fractions[c] = n == 0 ? 0 : (double)counts[c] / n;
            meanP[c] = n == 0 ? 0 : meanP[c] / n;
        }
        return new PhaseFractions(frame.Source ?? "", frame.Index, frame.Step, frame.Time, frame.Cell, n, assignment.Classes,
            counts, fractions, meanP, n == 0 ? 0 : (double)uncertain / n, n == 0 ? 0 : (double)unknown / n);
    }

    /// <summary>The fraction (0–1) of centres labelled <paramref name="phase"/>; throws when it is not one of <see cref="Classes"/>.</summary>
    public double FractionOf(string phase)
    {
        int c = Classes.ToList().IndexOf(phase);
        if (c < 0) throw new ArgumentException($"'{phase}' is not one of the classes ({string.Join(", ", Classes)})");
        return Fractions[c];
    }
}
