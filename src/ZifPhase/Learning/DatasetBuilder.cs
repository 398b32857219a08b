using System.Runtime.InteropServices;
using PureHDF;
using ZifPhase.Descriptors;
using ZifPhase.IO;

namespace ZifPhase.Learning;

/// <summary>What <see cref="DatasetBuilder.Build"/> wrote.</summary>
public sealed record DatasetSummary(long Rows, int Dimension, IReadOnlyDictionary<string, long> RowsPerClass, IReadOnlyDictionary<string, long> RowsPerTag);

/// <summary>
/// Progress of a build, reported after every frame and once when a source is done.
/// <paramref name="Source"/> is the 0-based source index; bytes are of the file on disk (compressed for gzip).
/// </summary>
public sealed record DatasetProgress(int Source, int SourceCount, string Path, int Frames, long Rows, long BytesRead, long BytesTotal, bool SourceDone);

/// <summary>
/// Builds a dataset file (layout in <see cref="Dataset"/>) from a manifest. Frames stream one at a time: each
/// frame's rows are spooled as float32 to "OUT.rows.tmp", then copied in blocks into "OUT.tmp", which is renamed
/// to OUT when complete. A failure or cancellation leaves neither OUT (if it did not exist) nor a temporary file.
/// Rows are identical for any degree of parallelism.
/// </summary>
public static class DatasetBuilder
{
    public static DatasetSummary Build(DatasetManifest manifest, string outputPath, IProgress<DatasetProgress>? progress = null,
        int maxDegreeOfParallelism = -1, CancellationToken cancel = default)
    {
        var descriptor = manifest.Descriptor.Create(maxDegreeOfParallelism);
        var centres = CentreSelection.Parse(manifest.Centers);
        var describer = new FrameDescriber(descriptor, centres, maxDegreeOfParallelism);
        int dim = descriptor.Dimension;

        var full = Path.GetFullPath(outputPath);
        var dir = Path.GetDirectoryName(full);
        if (dir is not null) Directory.CreateDirectory(dir);
        var tempPath = outputPath + ".tmp";
        var spoolPath = outputPath + ".rows.tmp";

        var labels = new List<int>();
        var sourceIndex = new List<int>();
        var frames = new List<int>();
        var atoms = new List<int>();
        var perClass = manifest.ClassNames.ToDictionary(c => c, _ => 0L);
        var perTag = new Dictionary<string, long>();
        foreach (var s in manifest.Sources) perTag.TryAdd(s.Tag, 0);

        try
        {
            using (var spool = new FileStream(spoolPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose))
            {
                var floats = Array.Empty<float>();
                for (int si = 0; si < manifest.Sources.Count; si++)
                {
                    var source = manifest.Sources[si];
                    var path = manifest.ResolvePath(source);
                    int label = manifest.Label(source.Phase);
                    long sourceRows = 0;
                    int sourceFrames = 0;
                    using var file = TrajectoryReader.Open(path, source.ReadOptions());
                    foreach (var frame in file.Frames)
                    {
                        cancel.ThrowIfCancellationRequested();
                        var centreAtoms = centres.Resolve(frame);
                        sourceFrames++;
                        if (centreAtoms.Length > 0)
                        {
                            var rows = describer.Compute(frame, centreAtoms);
                            int n = rows.Length / dim;
                            if (floats.Length < rows.Length) floats = new float[rows.Length];
                            for (int i = 0; i < rows.Length; i++) floats[i] = (float)rows[i];
                            spool.Write(MemoryMarshal.AsBytes(floats.AsSpan(0, rows.Length)));
                            bool perCentre = n == centreAtoms.Length;
                            for (int r = 0; r < n; r++)
                            {
                                labels.Add(label);
                                sourceIndex.Add(si);
                                frames.Add(frame.Index);
                                atoms.Add(perCentre ? centreAtoms[r] : -1);
                            }
                            sourceRows += n;
                        }
                        progress?.Report(new DatasetProgress(si, manifest.Sources.Count, path, sourceFrames, sourceRows, file.Position, file.Length, false));
                    }
                    if (sourceRows == 0)
                        throw new InputException(path, null, null,
                            sourceFrames == 0 ? "no frame selected" : $"no centre '{manifest.Centers}' in the {sourceFrames} selected frames");
                    perClass[source.Phase] += sourceRows;
                    perTag[source.Tag] += sourceRows;
                    progress?.Report(new DatasetProgress(si, manifest.Sources.Count, path, sourceFrames, sourceRows, file.Length, file.Length, true));
                }
                cancel.ThrowIfCancellationRequested();
                WriteHdf5(tempPath, spool, manifest, descriptor, labels, sourceIndex, frames, atoms);
            }
            File.Move(tempPath, outputPath, overwrite: true);
        }
        catch
        {
            TryDelete(tempPath);
            TryDelete(spoolPath);
            throw;
        }
        return new DatasetSummary(labels.Count, dim, perClass, perTag);
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void WriteHdf5(string path, FileStream spool, DatasetManifest manifest, IDescriptor descriptor,
        List<int> labels, List<int> sourceIndex, List<int> frames, List<int> atoms)
    {
        var features = new IO.Hdf5RowBlocks<float>((ulong)labels.Count, (ulong)descriptor.Dimension);
        var file = new H5File
        {
            ["features"] = features.Dataset,
            ["labels"] = labels.ToArray(),
            ["source"] = sourceIndex.ToArray(),
            ["frame"] = frames.ToArray(),
            ["atom"] = atoms.ToArray(),
        };
        var s = manifest.Sources;
        file.Attributes["format"] = Dataset.FormatName;
        file.Attributes["class_names"] = manifest.ClassNames.ToArray();
        file.Attributes["feature_names"] = descriptor.FeatureNames.ToArray();
        file.Attributes["descriptor_spec"] = descriptor.Spec.ToJson();
        file.Attributes["centers"] = manifest.Centers;
        file.Attributes["manifest"] = manifest.Text;
        file.Attributes["source_paths"] = s.Select(x => x.Path).ToArray();
        file.Attributes["source_phases"] = s.Select(x => x.Phase).ToArray();
        file.Attributes["source_tags"] = s.Select(x => x.Tag).ToArray();
        file.Attributes["source_frames"] = s.Select(x => x.Frames ?? "").ToArray();
        file.Attributes["source_types"] = s.Select(x => x.Types ?? "").ToArray();
        using var writer = file.BeginWrite(path);
        features.CopyFrom(spool, writer);
    }
}
