using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using ZifPhase.Descriptors;
using ZifPhase.IO;
using ZifPhase.Learning;
using ZifPhase.Structures;

namespace ZifPhase.Native;

/// <summary>
/// The C ABI of libzifphase. Every function returns a status code (<see cref="Ok"/> or a negative error code) and
/// writes its results through caller-owned pointers; after an error, <c>zp_last_error()</c> gives the one-line
/// message of the calling thread's last failure. Handles are opaque pointers freed with the matching <c>*_free</c>.
/// Arrays: positions N×3 float64 (Å, row-major), atomic numbers N int32, lattice 3×3 float64 (rows a, b, c, Å)
/// or NULL, pbc 3 bytes (0/1) or NULL, centres int32 (0-based), outputs float64 row-major.
/// </summary>
public static unsafe class Exports
{
    public const int Ok = 0;
    /// <summary>A bad argument or an invalid setting (Python: ValueError).</summary>
    public const int InvalidArgument = -1;
    /// <summary>A file that does not exist (Python: FileNotFoundError).</summary>
    public const int NotFound = -2;
    /// <summary>A file that cannot be read as what it claims to be (Python: ValueError).</summary>
    public const int BadInput = -3;
    /// <summary>Anything else (Python: RuntimeError).</summary>
    public const int Internal = -4;
    /// <summary>A caller's buffer is too small; the needed size was written (Python: RuntimeError).</summary>
    public const int BufferTooSmall = -5;

    [ThreadStatic] private static IntPtr _lastError;

    // ---------------------------------------------------------------- errors and version

    /// <summary>The calling thread's last error message (UTF-8, NUL-terminated, valid until the thread's next error), or an empty string.</summary>
    [UnmanagedCallersOnly(EntryPoint = "zp_last_error")]
    public static IntPtr LastError() => _lastError == IntPtr.Zero ? EmptyString : _lastError;

    private static readonly IntPtr EmptyString = Marshal.StringToCoTaskMemUTF8("");
    private static readonly IntPtr VersionString = Marshal.StringToCoTaskMemUTF8(
        typeof(DescriptorSpec).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    /// <summary>The library's version ("0.4.0"), a static string.</summary>
    [UnmanagedCallersOnly(EntryPoint = "zp_version")]
    public static IntPtr LibraryVersion() => VersionString;

    private static int Fail(int code, string message)
    {
        var old = _lastError;
        _lastError = Marshal.StringToCoTaskMemUTF8(message.ReplaceLineEndings(" "));
        if (old != IntPtr.Zero) Marshal.FreeCoTaskMem(old);
        return code;
    }

    /// <summary>Runs <paramref name="body"/>, turning every exception into a code and a last-error message.</summary>
    private static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (InputException e) when (e.Reason is "no such file" or "no such model file" || e.Reason.StartsWith("no such folder", StringComparison.Ordinal))
        {
            return Fail(NotFound, e.Message);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Fail(NotFound, e.Message);
        }
        catch (InputException e)
        {
            return Fail(BadInput, e.Message);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or ZifPhaseException)
        {
            return Fail(InvalidArgument, e.Message);
        }
        catch (Exception e)
        {
            return Fail(Internal, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static T Target<T>(IntPtr handle, string what) where T : class
    {
        if (handle == IntPtr.Zero) throw new ArgumentException($"{what}: the handle is NULL");
        return GCHandle.FromIntPtr(handle).Target as T ?? throw new ArgumentException($"{what}: not a {what} handle (freed already?)");
    }

    private static IntPtr NewHandle(object o) => GCHandle.ToIntPtr(GCHandle.Alloc(o));

    private static void FreeHandle(IntPtr handle)
    {
        if (handle == IntPtr.Zero) return;
        var h = GCHandle.FromIntPtr(handle);
        (h.Target as IDisposable)?.Dispose();
        h.Free();
    }

    private static string Utf8(byte* s, string name) =>
        s == null ? throw new ArgumentException($"{name} is NULL") : Marshal.PtrToStringUTF8((IntPtr)s)!;

    /// <summary>Writes <paramref name="text"/> as UTF-8 plus NUL into buf when it fits; *needed gets the size with the NUL.</summary>
    private static int WriteString(string text, byte* buf, long capacity, long* needed)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (needed != null) *needed = bytes.Length + 1;
        if (buf == null || capacity < bytes.Length + 1)
            return Fail(BufferTooSmall, $"the buffer holds {capacity} bytes but {bytes.Length + 1} are needed");
        bytes.CopyTo(new Span<byte>(buf, bytes.Length));
        buf[bytes.Length] = 0;
        return Ok;
    }

    /// <summary>A frame from caller arrays; a lattice with pbc all 0 (or NULL) is kept for reference but not imaged.</summary>
    private static Frame MakeFrame(double* positions, int* numbers, int atoms, double* lattice, byte* pbc)
    {
        if (atoms < 0) throw new ArgumentException($"the number of atoms must be ≥ 0, not {atoms}");
        if (atoms > 0 && (positions == null || numbers == null)) throw new ArgumentException("positions and atomic numbers must not be NULL");
        var pos = new Vec3[atoms];
        var elements = new Element[atoms];
        for (int i = 0; i < atoms; i++)
        {
            double x = positions[3 * i], y = positions[3 * i + 1], z = positions[3 * i + 2];
            if (!double.IsFinite(x) || !double.IsFinite(y) || !double.IsFinite(z))
                throw new ArgumentException($"atom {i} has a position that is not a finite number");
            pos[i] = new Vec3(x, y, z);
            int zNumber = numbers[i];
            if (zNumber < 1 || zNumber > 118) throw new ArgumentException($"atom {i} has atomic number {zNumber}, which is no element");
            elements[i] = Element.FromZ(zNumber);
        }
        bool pa = pbc != null && pbc[0] != 0, pb = pbc != null && pbc[1] != 0, pc = pbc != null && pbc[2] != 0;
        Cell cell;
        if (lattice == null)
        {
            if (pa || pb || pc) throw new ArgumentException("periodic boundaries need a lattice (cell)");
            cell = Cell.None;
        }
        else
        {
            for (int k = 0; k < 9; k++)
                if (!double.IsFinite(lattice[k])) throw new ArgumentException("the cell holds a value that is not a finite number");
            var a = new Vec3(lattice[0], lattice[1], lattice[2]);
            var b = new Vec3(lattice[3], lattice[4], lattice[5]);
            var c = new Vec3(lattice[6], lattice[7], lattice[8]);
            if ((pa || pb || pc) && Math.Abs(Vec3.Dot(a, Vec3.Cross(b, c))) <= 1e-12)
                throw new ArgumentException("a periodic system needs a cell with three linearly independent vectors (the cell has zero volume)");
            cell = new Cell(a, b, c, default, pa, pb, pc);
        }
        return new Frame(pos, elements, cell);
    }

    // ---------------------------------------------------------------- descriptors

    private sealed class DescriptorHandle(DescriptorSpec spec)
    {
        public DescriptorSpec Spec { get; } = spec;
        public IDescriptor Descriptor { get; } = spec.Create(1);
        private readonly Dictionary<int, IDescriptor> _byThreads = new();

        public IDescriptor For(int threads)
        {
            if (threads == 1) return Descriptor;
            lock (_byThreads)
            {
                if (!_byThreads.TryGetValue(threads, out var d)) _byThreads[threads] = d = Spec.Create(threads);
                return d;
            }
        }
    }

    /// <summary>
    /// A descriptor from a JSON spec with DScribe 2.1.1's argument names (<c>{"kind":"soap",...}</c>), or from a preset
    /// name ("paper-soap", "paper-bpsf") when <paramref name="isPreset"/> is 1. *handle gets the descriptor.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "zp_descriptor_create")]
    public static int DescriptorCreate(byte* specOrPreset, int isPreset, IntPtr* handle) => Guard(() =>
    {
        if (handle == null) throw new ArgumentException("handle is NULL");
        *handle = IntPtr.Zero;
        var text = Utf8(specOrPreset, isPreset != 0 ? "preset" : "spec");
        var spec = isPreset != 0 ? Presets.Get(text, "descriptor").Descriptor : DescriptorSpec.FromJson(text);
        *handle = NewHandle(new DescriptorHandle(spec));
        return Ok;
    });

    [UnmanagedCallersOnly(EntryPoint = "zp_descriptor_free")]
    public static int DescriptorFree(IntPtr handle) => Guard(() =>
    {
        FreeHandle(handle);
        return Ok;
    });

    /// <summary>The number of values per row.</summary>
    [UnmanagedCallersOnly(EntryPoint = "zp_descriptor_dimension")]
    public static int DescriptorDimension(IntPtr handle, long* dimension) => Guard(() =>
    {
        *dimension = Target<DescriptorHandle>(handle, "descriptor").Descriptor.Dimension;
        return Ok;
    });

    /// <summary>Rows a compute of this many centres writes (1 when the descriptor averages).</summary>
    [UnmanagedCallersOnly(EntryPoint = "zp_descriptor_row_count")]
    public static int DescriptorRowCount(IntPtr handle, int centres, long* rows) => Guard(() =>
    {
        *rows = Target<DescriptorHandle>(handle, "descriptor").Descriptor.RowCount(centres);
        return Ok;
    });

    /// <summary>The feature names, one per line ('\n'-separated), into buf; *needed gets the size with the NUL.</summary>
    [UnmanagedCallersOnly(EntryPoint = "zp_descriptor_feature_names")]
    public static int DescriptorFeatureNames(IntPtr handle, byte* buf, long capacity, long* needed) => Guard(() =>
        WriteString(string.Join("\n", Target<DescriptorHandle>(handle, "descriptor").Descriptor.FeatureNames), buf, capacity, needed));

    /// <summary>
    /// Computes the rows of the given centres into output (capacity values, row-major float64, RowCount × Dimension)
    /// with <paramref name="threads"/> threads (≤ 0: every core); the values do not depend on the thread count.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "zp_descriptor_compute")]
    public static int DescriptorCompute(IntPtr handle, double* positions, int* numbers, int atoms, double* lattice, byte* pbc,
        int* centres, int centreCount, int threads, double* output, long capacity) => Guard(() =>
    {
        var h = Target<DescriptorHandle>(handle, "descriptor");
        var frame = MakeFrame(positions, numbers, atoms, lattice, pbc);
        if (centreCount < 0 || (centreCount > 0 && centres == null)) throw new ArgumentException("centres is NULL");
        var idx = new int[centreCount];
        for (int i = 0; i < centreCount; i++)
        {
            int c = centres[i];
            if (c < 0 || c >= atoms) throw new ArgumentException($"centre index {c} is outside the {atoms} atoms of the system");
            idx[i] = c;
        }
        var descriptor = h.For(threads <= 0 ? -1 : threads);
        long size = (long)descriptor.RowCount(centreCount) * descriptor.Dimension;
        if (output == null || capacity < size)
            return Fail(BufferTooSmall, $"the output buffer holds {capacity} values but {size} are needed");
        if (centreCount == 0 && descriptor.RowCount(0) == 0) return Ok;
        var neighbors = descriptor.BuildNeighbors(frame, idx, threads <= 0 ? -1 : threads);
        descriptor.Compute(frame, neighbors, new Span<double>(output, checked((int)size)));
        return Ok;
    });

    // ---------------------------------------------------------------- classifiers

    private sealed class ClassifierHandle(PhaseClassifier model)
    {
        public PhaseClassifier Model { get; } = model;
        private readonly Dictionary<int, FrameClassifier> _byThreads = new();
        public readonly object Lock = new();

        public FrameClassifier For(int threads)
        {
            if (!_byThreads.TryGetValue(threads, out var c)) _byThreads[threads] = c = Model.ForFrames(threads);
            return c;
        }
    }

    /// <summary>Loads a model file written by <c>zifphase train</c>.</summary>
    [UnmanagedCallersOnly(EntryPoint = "zp_classifier_load")]
    public static int ClassifierLoad(byte* path, IntPtr* handle) => Guard(() =>
    {
        if (handle == null) throw new ArgumentException("handle is NULL");
        *handle = IntPtr.Zero;
        var p = Utf8(path, "path");
        if (!File.Exists(p)) return Fail(Directory.Exists(p) ? BadInput : NotFound, Directory.Exists(p) ? $"{p}: is a directory, not a model file" : $"{p}: no such model file");
        *handle = NewHandle(new ClassifierHandle(ModelFile.Load(p)));
        return Ok;
    });

    [UnmanagedCallersOnly(EntryPoint = "zp_classifier_free")]
    public static int ClassifierFree(IntPtr handle) => Guard(() =>
    {
        FreeHandle(handle);
        return Ok;
    });

    /// <summary>The class names, one per line, into buf; *needed gets the size with the NUL.</summary>
    [UnmanagedCallersOnly(EntryPoint = "zp_classifier_classes")]
    public static int ClassifierClasses(IntPtr handle, byte* buf, long capacity, long* needed) => Guard(() =>
        WriteString(string.Join("\n", Target<ClassifierHandle>(handle, "classifier").Model.ClassNames), buf, capacity, needed));

    /// <summary>The model's centre selection ("Zn", "all" or 0-based indices) into buf; *needed gets the size with the NUL.</summary>
    [UnmanagedCallersOnly(EntryPoint = "zp_classifier_centres")]
    public static int ClassifierCentres(IntPtr handle, byte* buf, long capacity, long* needed) => Guard(() =>
        WriteString(Target<ClassifierHandle>(handle, "classifier").Model.Centres.ToString(), buf, capacity, needed));

    /// <summary>
    /// Classifies the model's centres of one system: *count gets the number of centres, centresOut their atom indices,
    /// probabilities count × classes values (float64 holding the network's float32 outputs). capacity is the number
    /// of centres the buffers hold (the number of atoms always suffices for element or "all" selections).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "zp_classifier_predict")]
    public static int ClassifierPredict(IntPtr handle, double* positions, int* numbers, int atoms, double* lattice, byte* pbc,
        int threads, int* centresOut, double* probabilities, int capacity, int* count) => Guard(() =>
        Predict(handle, positions, numbers, atoms, lattice, pbc, threads, centresOut, probabilities, capacity, count, out _));

    /// <summary>The shared part of <c>zp_classifier_predict</c> and <c>zp_classifier_predict_ex</c>: classifies the frame,
    /// writes the centres and probabilities, and returns <see cref="Ok"/> or the buffer error.</summary>
    private static int Predict(IntPtr handle, double* positions, int* numbers, int atoms, double* lattice, byte* pbc,
        int threads, int* centresOut, double* probabilities, int capacity, int* count, out PhaseAssignment a)
    {
        var h = Target<ClassifierHandle>(handle, "classifier");
        var frame = MakeFrame(positions, numbers, atoms, lattice, pbc);
        lock (h.Lock) a = h.For(threads <= 0 ? -1 : threads).Classify(frame);
        *count = a.Centres.Length;
        if (a.Centres.Length > capacity || centresOut == null || probabilities == null)
            return Fail(BufferTooSmall, $"the buffers hold {capacity} centres but {a.Centres.Length} are needed");
        a.Centres.CopyTo(new Span<int>(centresOut, a.Centres.Length));
        for (int i = 0; i < a.Probabilities.Length; i++) probabilities[i] = a.Probabilities[i];
        return Ok;
    }

    /// <summary>
    /// <c>zp_classifier_predict</c> with the rest of the answer, per centre: novelty (float64, the novelty detector's
    /// score, a Mahalanobis distance; NaN when the model has no detector), unknown (uint8, 1 where the score is above
    /// the detector's threshold: the CLI's "unknown" label, which comes before "uncertain"; never without a detector)
    /// and spread (float64, the population standard deviation over the ensemble's members of the most probable class's
    /// probability; 0 for a single network). Each of novelty, unknown and spread may be NULL (not written); all hold
    /// capacity values.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "zp_classifier_predict_ex")]
    public static int ClassifierPredictEx(IntPtr handle, double* positions, int* numbers, int atoms, double* lattice, byte* pbc,
        int threads, int* centresOut, double* probabilities, double* novelty, byte* unknown, double* spread, int capacity, int* count) => Guard(() =>
    {
        int status = Predict(handle, positions, numbers, atoms, lattice, pbc, threads, centresOut, probabilities, capacity, count, out var a);
        if (status != Ok) return status;
        bool detector = a.NoveltyThreshold is not null;
        for (int i = 0; i < a.Centres.Length; i++)
        {
            if (novelty != null) novelty[i] = detector ? a.Novelty[i] : double.NaN;
            if (unknown != null) unknown[i] = a.IsUnknown(i) ? (byte)1 : (byte)0;
            if (spread != null) spread[i] = a.Spread[i];
        }
        return Ok;
    });

    /// <summary>
    /// The model's "unknown" answer and ensemble: *hasDetector gets 1 when it has a novelty detector (else 0),
    /// *threshold the detector's threshold (a centre whose score is above it is unknown; NaN without a detector),
    /// *members the number of networks averaged (1 for a single network). Any pointer may be NULL.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "zp_classifier_info")]
    public static int ClassifierInfo(IntPtr handle, int* hasDetector, double* threshold, int* members) => Guard(() =>
    {
        var model = Target<ClassifierHandle>(handle, "classifier").Model;
        if (hasDetector != null) *hasDetector = model.Novelty is null ? 0 : 1;
        if (threshold != null) *threshold = model.Novelty?.Threshold ?? double.NaN;
        if (members != null) *members = model.Members.Count;
        return Ok;
    });

    // ---------------------------------------------------------------- trajectories

    private sealed class ReaderHandle(TrajectoryFile file) : IDisposable
    {
        public TrajectoryFile File { get; } = file;
        public IEnumerator<Frame> Frames { get; } = file.Frames.GetEnumerator();
        public Frame? Current { get; set; }

        public void Dispose()
        {
            Frames.Dispose();
            File.Dispose();
        }
    }

    /// <summary>
    /// Opens a trajectory or structure file (LAMMPS dump, also triclinic and gzip; extended XYZ; CIF; LAMMPS data).
    /// frames: a slice such as "0:100:10" or "-1", or NULL for all; types: a LAMMPS type map such as "1=Zn,2=N", or NULL.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "zp_reader_open")]
    public static int ReaderOpen(byte* path, byte* frames, byte* types, IntPtr* handle) => Guard(() =>
    {
        if (handle == null) throw new ArgumentException("handle is NULL");
        *handle = IntPtr.Zero;
        var p = Utf8(path, "path");
        if (!File.Exists(p) && !Directory.Exists(p)) return Fail(NotFound, $"{p}: no such file");
        var options = new ReadOptions
        {
            Frames = frames == null ? FrameRange.All : FrameRange.Parse(Utf8(frames, "frames")),
            Types = types == null ? null : TypeMap.Parse(Utf8(types, "types")),
        };
        *handle = NewHandle(new ReaderHandle(TrajectoryReader.Open(p, options)));
        return Ok;
    });

    [UnmanagedCallersOnly(EntryPoint = "zp_reader_free")]
    public static int ReaderFree(IntPtr handle) => Guard(() =>
    {
        FreeHandle(handle);
        return Ok;
    });

    /// <summary>Advances to the next frame: returns 1 and *atoms when there is one, 0 at the end, a negative code on error.</summary>
    [UnmanagedCallersOnly(EntryPoint = "zp_reader_next")]
    public static int ReaderNext(IntPtr handle, int* atoms) => Guard(() =>
    {
        var h = Target<ReaderHandle>(handle, "reader");
        h.Current = null;
        if (!h.Frames.MoveNext()) return 0;
        h.Current = h.Frames.Current;
        *atoms = h.Current.AtomCount;
        return 1;
    });

    /// <summary>
    /// Copies the current frame: positions N×3 (Å), atomic numbers N, lattice 3×3 (rows; zeros when the file has none),
    /// origin 3 (Å, the cell's corner, e.g. LAMMPS xlo ylo zlo), pbc 3, step, time (NaN when the file gives none) and
    /// the frame's index in the file. Any output pointer may be NULL.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "zp_reader_frame")]
    public static int ReaderFrame(IntPtr handle, double* positions, int* numbers, int capacity, double* lattice, double* origin, byte* pbc,
        long* step, double* time, int* index) => Guard(() =>
    {
        var h = Target<ReaderHandle>(handle, "reader");
        var f = h.Current ?? throw new ArgumentException("reader: no current frame (call zp_reader_next first)");
        if (capacity < f.AtomCount) return Fail(BufferTooSmall, $"the buffers hold {capacity} atoms but the frame has {f.AtomCount}");
        for (int i = 0; i < f.AtomCount; i++)
        {
            if (positions != null)
            {
                positions[3 * i] = f.Positions[i].X;
                positions[3 * i + 1] = f.Positions[i].Y;
                positions[3 * i + 2] = f.Positions[i].Z;
            }
            if (numbers != null) numbers[i] = f.Elements[i].Z;
        }
        var c = f.Cell;
        if (lattice != null)
        {
            Vec3[] rows = c.HasLattice ? [c.A, c.B, c.C] : [Vec3.Zero, Vec3.Zero, Vec3.Zero];
            for (int r = 0; r < 3; r++)
            {
                lattice[3 * r] = rows[r].X;
                lattice[3 * r + 1] = rows[r].Y;
                lattice[3 * r + 2] = rows[r].Z;
            }
        }
        if (origin != null)
        {
            origin[0] = c.Origin.X;
            origin[1] = c.Origin.Y;
            origin[2] = c.Origin.Z;
        }
        if (pbc != null)
        {
            pbc[0] = (byte)(c.PeriodicA ? 1 : 0);
            pbc[1] = (byte)(c.PeriodicB ? 1 : 0);
            pbc[2] = (byte)(c.PeriodicC ? 1 : 0);
        }
        if (step != null) *step = f.Step;
        if (time != null) *time = f.Time ?? double.NaN;
        if (index != null) *index = f.Index;
        return Ok;
    });
}
