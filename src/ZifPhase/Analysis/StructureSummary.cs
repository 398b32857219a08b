using ZifPhase.Neighbors;
using ZifPhase.Structures;

namespace ZifPhase.Analysis;

/// <summary>
/// What `zifphase info` reports about a frame: composition, cell, densities and the mean number of N within
/// <see cref="DefaultZnNCutoff"/> of each Zn (4 in an intact Zn(Im)2 framework).
/// </summary>
public sealed record StructureSummary(
    int Atoms,
    IReadOnlyDictionary<string, int> Composition,
    Cell Cell,
    double? DensityZnPerNm3,
    double? DensityGPerCm3,
    double? MeanZnNCoordination,
    IReadOnlyDictionary<int, int> ZnNCoordinationHistogram)
{
    /// <summary>Default Zn–N bond cutoff, Å.</summary>
    public const double DefaultZnNCutoff = 2.5;

    // 1 g/mol per Å^3 = 1.66053906660 g/cm^3 (1/N_A · 10^24).
    private const double GramPerMolPerCubicAngstromToGramPerCubicCm = 1.66053906660;

    /// <summary>Summarises one frame: composition, cell, density (Zn/nm³, g/cm³) and the Zn–N coordination within <paramref name="znNCutoff"/> (Å).</summary>
    public static StructureSummary Of(Frame frame, double znNCutoff = DefaultZnNCutoff, Element? metal = null, Element? ligandAtom = null)
    {
        metal ??= Element.Zn;
        ligandAtom ??= Element.N;
        var composition = frame.Composition();
        double? znDensity = null, massDensity = null;
        if (frame.Cell.HasLattice && frame.Cell.FullyPeriodic)
        {
            double volume = frame.Cell.Volume;
            znDensity = composition.GetValueOrDefault(metal.Symbol) / (volume / 1000.0);
            massDensity = frame.TotalMass() / volume * GramPerMolPerCubicAngstromToGramPerCubicCm;
        }

        var centres = frame.IndicesOf(metal);
        double? meanCn = null;
        var histogram = new SortedDictionary<int, int>();
        if (centres.Length > 0 && composition.ContainsKey(ligandAtom.Symbol))
        {
            var list = NeighborList.Build(frame, centres, znNCutoff, [ligandAtom]);
            long total = 0;
            for (int c = 0; c < centres.Length; c++)
            {
                int cn = list.Offsets[c + 1] - list.Offsets[c];
                total += cn;
                histogram[cn] = histogram.GetValueOrDefault(cn) + 1;
            }
            meanCn = (double)total / centres.Length;
        }
        return new StructureSummary(frame.AtomCount, composition, frame.Cell, znDensity, massDensity, meanCn, histogram);
    }
}
