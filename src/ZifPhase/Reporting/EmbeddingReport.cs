using System.Globalization;
using System.Text;
using ZifPhase.Analysis;
using ZifPhase.Learning;

namespace ZifPhase.Reporting;

/// <summary>
/// What `embed` writes into its folder: embedding.csv (one row per embedded dataset row) and the t-SNE maps
/// tsne_phase.png/svg (coloured by phase) and, with two source tags or more, tsne_tag.png/svg.
/// </summary>
public static class EmbeddingReport
{
    /// <summary>
    /// Writes embedding.csv and the maps of <paramref name="result"/> (the embedding of <paramref name="rows"/> of
    /// <paramref name="data"/>, read from <paramref name="datasetPath"/>) into <paramref name="dir"/>; returns
    /// whether the map by source tag was drawn (only with two tags or more).
    /// </summary>
    public static bool Write(string dir, string datasetPath, Dataset data, int[] rows, TsneResult result)
    {
        IO.OutputFolder.Create(dir);
        WriteCsv(Path.Combine(dir, "embedding.csv"), data, rows, result);
        string title = string.Create(CultureInfo.InvariantCulture, $"t-SNE of {Path.GetFileName(datasetPath)}: perplexity {result.Perplexity:G4}, N = {rows.Length:N0}");
        var phases = rows.Select(r => data.ClassNames[data.Labels[r]]).ToArray();
        var phaseOrder = data.ClassNames.Where(c => phases.Contains(c)).ToArray();
        Plots.Embedding(result, phases, phaseOrder, phaseOrder.Select(PhasePalette.HexOf).ToArray(), title + ", by phase", Path.Combine(dir, "tsne_phase"));
        var tags = rows.Select(data.Tag).ToArray();
        var tagOrder = data.Sources.Select(s => s.Tag).Distinct().Where(t => tags.Contains(t)).ToArray();
        // A map coloured by tag says something only when there are two tags or more.
        if (tagOrder.Length > 1)
            Plots.Embedding(result, tags, tagOrder, tagOrder.Select((_, i) => PhasePalette.SeriesOf(i)).ToArray(), title + ", by source tag", Path.Combine(dir, "tsne_tag"));
        return tagOrder.Length > 1;
    }

    /// <summary>embedding.csv: row,x,y,phase,tag,source,frame,atom (row = dataset row; x, y round-trip doubles).</summary>
    public static void WriteCsv(string path, Dataset data, int[] rows, TsneResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        using var output = new IO.AtomicOutput(path);
        using (var w = new StreamWriter(output.TempPath, false, new UTF8Encoding(false)) { NewLine = "\n" })
        {
            w.WriteLine("row,x,y,phase,tag,source,frame,atom");
            for (int i = 0; i < rows.Length; i++)
            {
                int r = rows[i];
                var source = data.Sources[data.SourceIndex[r]];
                w.WriteLine(string.Join(',',
                    r.ToString(inv), result.X(i).ToString("R", inv), result.Y(i).ToString("R", inv),
                    ReportText.CsvField(data.ClassNames[data.Labels[r]]), ReportText.CsvField(source.Tag), ReportText.CsvField(source.Path),
                    data.Frame[r].ToString(inv), data.Atom[r].ToString(inv)));
            }
        }
        output.Commit();
    }
}
