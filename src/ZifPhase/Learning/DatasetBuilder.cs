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
    /// <param name="shard">Read only this shard's frames of each source (<see cref="Sharding.ShardPlan.Ranges"/>, one per
    /// source); a source may then yield no row, which the merge checks instead.</param>
    /// <param name="frameDone">Called after every frame with (source, frame index, rows).</param>
    /// <param name="warn">Receives the readers' non-fatal remarks.</param>
    public static DatasetSummary Build(DatasetManifest manifest, string outputPath, IProgress<DatasetProgress>? progress = null,
        int maxDegreeOfParallelism = -1, CancellationToken cancel = default, Sharding.ShardPlan? shard = null,
        Action<int, int, long>? frameDone = null, Action<string>? warn = null)
    {
        var descriptor = manifest.Descriptor.Create(maxDegreeOfParallelism);
        var centres = CentreSelection.Parse(manifest.Centers);
        var describer = new FrameDescriber(descriptor, centres, maxDegreeOfParallelism);
        int dim = descriptor.Dimension;

        var full = Path.GetFullPath(outputPath);
        IO.OutputFolder.CreateFor(full);
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
                    if (shard is not null && shard.Ranges[si] is null) continue; // none of this shard's frames
                    var options = shard is null ? manifest.ReadOptions(si, warn) : shard.Restrict(manifest.ReadOptions(si, warn), si);
                    using var file = TrajectoryReader.Open(path, options);
                    foreach (var frame in file.Frames)
                    {
                        cancel.ThrowIfCancellationRequested();
                        int rowsBefore = labels.Count;
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
                        frameDone?.Invoke(si, frame.Index, labels.Count - rowsBefore);
                        progress?.Report(new DatasetProgress(si, manifest.Sources.Count, path, sourceFrames, sourceRows, file.Position, file.Length, false));
                    }
                    if (sourceRows == 0 && shard is null)
                        throw new InputException(path, null, null,
                            sourceFrames == 0 ? "no frame selected" : $"no centre '{manifest.Centers}' in the {sourceFrames} selected frames");
                    perClass[source.Phase] += sourceRows;
                    perTag[source.Tag] += sourceRows;
                    progress?.Report(new DatasetProgress(si, manifest.Sources.Count, path, sourceFrames, sourceRows, file.Length, file.Length, true));
                }
                cancel.ThrowIfCancellationRequested();
                WriteHdf5(tempPath, spool, DatasetHeader.Of(manifest, descriptor), labels.ToArray(), sourceIndex.ToArray(), frames.ToArray(), atoms.ToArray());
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

    /// <summary>Writes a dataset file from its header, per-row arrays and a spool of float32 rows (read from its start).</summary>
    internal static void WriteHdf5(string path, Stream spool, DatasetHeader header, int[] labels, int[] sourceIndex, int[] frames, int[] atoms)
    {
        var features = new IO.Hdf5RowBlocks<float>((ulong)labels.Length, (ulong)header.FeatureNames.Count);
        var file = new H5File
        {
            ["features"] = features.Dataset,
            ["labels"] = labels,
            ["source"] = sourceIndex,
            ["frame"] = frames,
            ["atom"] = atoms,
        };
        file.Attributes["format"] = Dataset.FormatName;
        file.Attributes["class_names"] = header.ClassNames.ToArray();
        file.Attributes["feature_names"] = header.FeatureNames.ToArray();
        file.Attributes["descriptor_spec"] = header.DescriptorSpec;
        file.Attributes["centers"] = header.Centers;
        file.Attributes["manifest"] = header.Manifest;
        file.Attributes["source_paths"] = header.SourcePaths.ToArray();
        file.Attributes["source_phases"] = header.SourcePhases.ToArray();
        file.Attributes["source_tags"] = header.SourceTags.ToArray();
        file.Attributes["source_frames"] = header.SourceFrames.ToArray();
        file.Attributes["source_types"] = header.SourceTypes.ToArray();
        using var writer = file.BeginWrite(path);
        features.CopyFrom(spool, writer);
    }
}

/// <summary>The attributes of a dataset file, as <see cref="DatasetBuilder"/> writes them (see <see cref="Dataset"/>).</summary>
internal sealed record DatasetHeader(IReadOnlyList<string> ClassNames, IReadOnlyList<string> FeatureNames, string DescriptorSpec,
    string Centers, string Manifest, IReadOnlyList<string> SourcePaths, IReadOnlyList<string> SourcePhases,
    IReadOnlyList<string> SourceTags, IReadOnlyList<string> SourceFrames, IReadOnlyList<string> SourceTypes)
{
    public static DatasetHeader Of(DatasetManifest manifest, IDescriptor descriptor)
    {
        var s = manifest.Sources;
        return new DatasetHeader(manifest.ClassNames, descriptor.FeatureNames, descriptor.Spec.ToJson(), manifest.Centers, manifest.Text,
            [.. s.Select(x => x.Path)], [.. s.Select(x => x.Phase)], [.. s.Select(x => x.Tag)],
            [.. s.Select(x => x.Frames ?? "")], [.. s.Select(x => x.Types ?? "")]);
    }

    /// <summary>Reads the attributes back from an open dataset file (a part of a sharded build).</summary>
    public static DatasetHeader Read(IH5Object file)
    {
        string Text(string name) => file.Attribute(name).Read<string>() ?? "";
        // PureHDF reads an empty string back as null; the builder writes "" (a heap object), so restore it
        string[] Texts(string name) => [.. file.Attribute(name).Read<string[]>().Select(t => t ?? "")];
        return new DatasetHeader(Texts("class_names"), Texts("feature_names"), Text("descriptor_spec"), Text("centers"), Text("manifest"),
            Texts("source_paths"), Texts("source_phases"), Texts("source_tags"), Texts("source_frames"), Texts("source_types"));
    }

    /// <summary>True when both hold the same values (records compare lists by reference).</summary>
    public bool SameAs(DatasetHeader other) =>
        ClassNames.SequenceEqual(other.ClassNames) && FeatureNames.SequenceEqual(other.FeatureNames) && DescriptorSpec == other.DescriptorSpec
        && Centers == other.Centers && Manifest == other.Manifest && SourcePaths.SequenceEqual(other.SourcePaths)
        && SourcePhases.SequenceEqual(other.SourcePhases) && SourceTags.SequenceEqual(other.SourceTags)
        && SourceFrames.SequenceEqual(other.SourceFrames) && SourceTypes.SequenceEqual(other.SourceTypes);
}
