using System.IO.Compression;
using System.Text;
using ZifPhase.IO;
using ZifPhase.Structures;

namespace ZifPhase.Tests.IO.Fuzz;

/// <summary>
/// Seeded mutation fuzzing of the readers: every mutated input must either read to the end or fail with an
/// <see cref="InputException"/>; any other exception, a hang or an absurd allocation fails the test, naming the
/// seed and case index to replay.
/// </summary>
public class ReaderFuzzTests
{
    private const int Seed = 20240611;
    private const int CasesPerReader = 1000;
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(30);
    private const long AllocationBudget = 512L << 20;

    private static readonly string[] BadTokens =
    [
        "99999999999", "2147483647", "2147483648", "-1", "-2147483648", "9223372036854775807", "9223372036854775808",
        "1e308", "1e309", "-1e309", "NaN", "nan", "Inf", "-Inf", "inf", "Infinity", "0", "-0", "0.0", "1e-320",
        "abc", "", "+", "-", ".", "e5", "1e", "0x10", "1,5", "1.2.3", "\"", "'", "#", "_", ";", "loop_", "data_x",
        "ITEM:", "ITEM: ATOMS", "Atoms", "Masses", "Lattice=\"", "Properties=pos:R:3", "x,y,z", "1/0", "-x+1/2,y,z",
    ];

    // ---- seeds

    private static readonly Lazy<byte[]> DumpSeed = new(() =>
    {
        using var gz = new GZipStream(File.OpenRead(TestPaths.Data("md", "ZIF-zni__NVT300K_refcell_s4301.lammpstrj.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var sb = new StringBuilder();
        int frames = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("ITEM: TIMESTEP", StringComparison.Ordinal) && ++frames > 2) break;
            sb.Append(line).Append('\n');
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    });

    /// <summary>A small dump (a few atoms, two frames, triclinic, scaled and unscaled) so mutations hit the header often.</summary>
    private static readonly byte[] SmallDump = Encoding.UTF8.GetBytes(
        "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n3\nITEM: BOX BOUNDS xy xz yz pp pp pp\n0 10 0.5\n0 10 0\n0 10 0\n" +
        "ITEM: ATOMS id element x y z\n2 Zn 1 2 3\n1 N 4 5 6\n3 C 7 8 9\n" +
        "ITEM: TIMESTEP\n10\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\n" +
        "ITEM: ATOMS id type xs ys zs q\n1 1 0.1 0.2 0.3 0.5\n2 2 0.4 0.5 0.6 -0.5\n");

    private static readonly byte[] SmallXyz = Encoding.UTF8.GetBytes(
        "3\nLattice=\"10 0 0 0 10 0 0 0 10\" Properties=species:S:1:pos:R:3:forces:R:3:id:I:1:fix:L:1 step=5 time=0.1 pbc=\"T T T\"\n" +
        "Zn 1 2 3 0.1 0.2 0.3 1 T\nN 4 5 6 0 0 0 2 F\nC 7 8 9 1 1 1 3 T\n" +
        "2\nstep=10\nH 0 0 0\nC 1 1 1\n");

    private static readonly byte[] SmallCif = Encoding.UTF8.GetBytes(
        "data_test\n_cell_length_a 10\n_cell_length_b 11\n_cell_length_c 12\n_cell_angle_alpha 90\n_cell_angle_beta 100\n" +
        "_cell_angle_gamma 90\n_symmetry_space_group_name_H-M 'P 1 21/c 1'\nloop_\n_symmetry_equiv_pos_as_xyz\n'x,y,z'\n'-x,y+1/2,-z+1/2'\n" +
        "'-x,-y,-z'\n'x,-y+1/2,z+1/2'\nloop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n" +
        "_atom_site_fract_z\n_atom_site_occupancy\nZn1 Zn 0.1 0.2 0.3 1.0\nN1 N 0.25(3) 0.1 0.4 1\nC1 C 0.5 0.5 0.5 0.5\n");

    private static readonly byte[] SmallData = Encoding.UTF8.GetBytes(
        "test data\n\n3 atoms\n2 atom types\n\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n1 0.5 0 xy xz yz\n\n" +
        "Masses\n\n1 65.38 # Zn\n2 14.007 # N\n\nAtoms # full\n\n1 1 1 0.5 1 2 3\n2 1 2 -0.5 4 5 6 0 0 1\n3 1 2 0 7 8 9\n\n" +
        "Velocities\n\n1 0 0 0\n2 0 0 0\n3 0 0 0\n");

    private static byte[] Bytes(params string[] parts) => File.ReadAllBytes(TestPaths.Data(["structures", .. parts]));

    private static byte[][] Seeds(string reader) => reader switch
    {
        "dump" => [DumpSeed.Value, SmallDump],
        "xyz" => [Bytes("amof", "ZIF-4.xyz"), SmallXyz],
        "cif" => [Bytes("lewis-2009", "ZIF-1.cif"), Bytes("widmer-2019", "ZIF-4-cp-II.cif"), SmallCif],
        "data" => [Bytes("castel-2022", "ZIF-4_crystal_singlecell.data"), Bytes("castel-2024", "crystal.lmp"), SmallData],
        _ => throw new ArgumentOutOfRangeException(nameof(reader)),
    };

    // ---- campaigns

    [Theory]
    [InlineData("dump")]
    [InlineData("xyz")]
    [InlineData("cif")]
    [InlineData("data")]
    public void Reader_survives_mutated_input(string reader)
    {
        var seeds = Seeds(reader);
        var failures = new List<string>();
        for (int i = 0; i < CasesPerReader; i++)
        {
            var rng = CaseRandom(reader, i);
            var input = Mutate(seeds[i % seeds.Length], rng);
            var failure = RunCase(() => ReadStream(reader, input), input.Length);
            if (failure is not null) failures.Add($"seed {Seed}, reader {reader}, case {i}: {failure}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    [Fact]
    public void TrajectoryReader_survives_mutated_files_and_gzip()
    {
        string[] readers = ["dump", "xyz", "cif", "data"];
        string[] extensions = [".lammpstrj", ".xyz", ".cif", ".data", ".txt"];
        var dir = TestPaths.NewTempDir();
        var failures = new List<string>();
        try
        {
            for (int i = 0; i < CasesPerReader; i++)
            {
                var rng = CaseRandom("file", i);
                var seeds = Seeds(readers[i % readers.Length]);
                var input = seeds[rng.Next(seeds.Length)];
                int mode = rng.Next(4); // 0 plain mutated, 1 gzip of mutated, 2 corrupted gzip, 3 truncated gzip
                byte[] bytes = mode == 0 ? Mutate(input, rng) : Gzip(mode == 1 ? Mutate(input, rng) : input);
                if (mode == 2) bytes = MutateBytes(bytes, rng, Math.Min(bytes.Length, 18));
                if (mode == 3) bytes = bytes[..rng.Next(bytes.Length)];
                string ext = rng.Next(4) == 0 ? extensions[rng.Next(extensions.Length)] : Extension(readers[i % readers.Length]);
                var path = Path.Combine(dir, $"case{i}{ext}{(mode == 0 ? "" : ".gz")}");
                File.WriteAllBytes(path, bytes);
                var failure = RunCase(() =>
                {
                    foreach (var f in TrajectoryReader.Read(path)) Touch(f);
                    using var file = TrajectoryReader.Open(path);
                    foreach (var f in file.Frames) Touch(f);
                    Touch(TrajectoryReader.ReadFirst(path));
                }, bytes.Length);
                if (failure is not null) failures.Add($"seed {Seed}, TrajectoryReader, case {i} (mode {mode}, {ext}): {failure}");
                File.Delete(path);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    /// <summary>Deterministic per case (HashCode is randomised per process, so it is not used here).</summary>
    private static Random CaseRandom(string campaign, int index)
    {
        int h = Seed;
        foreach (char ch in campaign) h = unchecked(h * 31 + ch);
        return new Random(unchecked(h * 1_000_003 + index));
    }

    private static string Extension(string reader) => reader switch
    {
        "dump" => ".lammpstrj", "xyz" => ".xyz", "cif" => ".cif", _ => ".data",
    };

    private static void ReadStream(string reader, byte[] input)
    {
        var stream = new MemoryStream(input, writable: false);
        var frames = reader switch
        {
            "dump" => LammpsDump.Read(stream, "fuzz.lammpstrj", ReadOptions.Default),
            "xyz" => ExtendedXyz.Read(stream, "fuzz.xyz", ReadOptions.Default),
            "cif" => Cif.Read(stream, "fuzz.cif", ReadOptions.Default),
            _ => LammpsData.Read(stream, "fuzz.data", ReadOptions.Default),
        };
        foreach (var f in frames) Touch(f);
    }

    private static double Touch(Frame f)
    {
        double sum = 0;
        foreach (var p in f.Positions) sum += p.X + p.Y + p.Z;
        foreach (var e in f.Elements) sum += e.Z;
        foreach (var c in f.Columns) sum += c.Name.Length;
        var cell = f.Cell;
        sum += cell.Volume + cell.A.X + cell.B.Y + cell.C.Z;
        if (cell.HasLattice && f.AtomCount > 0) sum += cell.ToFractional(f.Positions[0]).X;
        return sum;
    }

    /// <summary>
    /// Runs one case on its own thread (not the thread pool, which other tests may keep busy, so a queued case is
    /// never mistaken for a hang); a description of the failure, or null when it passed.
    /// </summary>
    private static string? RunCase(Action read, int inputLength)
    {
        long allocated = 0;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                read();
            }
            catch (InputException)
            {
            }
            catch (Exception e)
            {
                error = e;
            }
            finally
            {
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }) { IsBackground = true };
        thread.Start();
        if (!thread.Join(CaseTimeout)) return $"no result after {CaseTimeout.TotalSeconds} s (hang?)";
        if (error is not null) return error.ToString();
        long budget = AllocationBudget + 200L * inputLength;
        if (allocated > budget) return $"allocated {allocated >> 20} MiB for a {inputLength}-byte input";
        return null;
    }

    // ---- mutations

    private static byte[] Gzip(byte[] data)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data);
        return ms.ToArray();
    }

    private static byte[] Mutate(byte[] input, Random rng)
    {
        int rounds = rng.Next(4) == 0 ? rng.Next(2, 5) : 1;
        var data = input;
        for (int r = 0; r < rounds; r++) data = MutateOnce(data, rng);
        return data;
    }

    private static byte[] MutateOnce(byte[] data, Random rng)
    {
        if (data.Length == 0) return Encoding.ASCII.GetBytes(RandomAsciiLine(rng));
        switch (rng.Next(10))
        {
            case 0: return MutateBytes(data, rng, 0);
            case 1:
            {
                int at = rng.Next(data.Length + 1);
                var extra = new byte[rng.Next(1, 8)];
                for (int k = 0; k < extra.Length; k++) extra[k] = rng.Next(3) == 0 ? (byte)rng.Next(256) : (byte)"\n \t0123456789.-eE+#'\";_"[rng.Next(23)];
                return [.. data.AsSpan(0, at), .. extra, .. data.AsSpan(at)];
            }
            case 2:
            {
                int at = rng.Next(data.Length);
                int len = Math.Min(data.Length - at, rng.Next(1, 16));
                return [.. data.AsSpan(0, at), .. data.AsSpan(at + len)];
            }
            case 3: return data[..rng.Next(data.Length)];
        }
        var lines = SplitLines(data);
        // Most of the interesting structure is in the headers: favour the first lines.
        int Pick() => rng.Next(2) == 0 ? rng.Next(Math.Min(lines.Count, 30)) : rng.Next(lines.Count);
        switch (rng.Next(6))
        {
            case 0: { int i = Pick(); lines.Insert(i, lines[i]); break; }
            case 1: lines.RemoveAt(Pick()); break;
            case 2: { int i = Pick(), j = Pick(); (lines[i], lines[j]) = (lines[j], lines[i]); break; }
            case 3: lines.Insert(rng.Next(lines.Count + 1), RandomAsciiLine(rng)); break;
            default:
            {
                int tries = 0, i;
                do i = Pick(); while (!lines[i].Any(char.IsDigit) && ++tries < 20);
                lines[i] = ReplaceNumber(lines[i], rng);
                break;
            }
        }
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }

    private static byte[] MutateBytes(byte[] data, Random rng, int from)
    {
        var copy = (byte[])data.Clone();
        if (copy.Length <= from) return copy;
        int flips = rng.Next(1, 5);
        for (int k = 0; k < flips; k++)
        {
            int at = rng.Next(from, copy.Length);
            copy[at] = rng.Next(2) == 0 ? (byte)(copy[at] ^ (1 << rng.Next(8))) : (byte)rng.Next(256);
        }
        return copy;
    }

    private static List<string> SplitLines(byte[] data) => [.. Encoding.UTF8.GetString(data).Split('\n')];

    private static string ReplaceNumber(string line, Random rng)
    {
        var words = line.Split(' ');
        var numeric = Enumerable.Range(0, words.Length).Where(k => words[k].Any(char.IsDigit)).ToArray();
        int at = numeric.Length > 0 ? numeric[rng.Next(numeric.Length)] : rng.Next(words.Length);
        words[at] = BadTokens[rng.Next(BadTokens.Length)];
        return string.Join(' ', words);
    }

    private static string RandomAsciiLine(Random rng)
    {
        var chars = new char[rng.Next(0, 60)];
        for (int k = 0; k < chars.Length; k++) chars[k] = (char)rng.Next(32, 127);
        return rng.Next(3) == 0 ? BadTokens[rng.Next(BadTokens.Length)] + " " + new string(chars) : new string(chars);
    }
}

/// <summary>Minimal inputs for the crashes the fuzz campaign found.</summary>
public class ReaderFuzzRegressionTests
{
    private static long AllocatedBy(Action read)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            read();
        }
        catch (InputException)
        {
        }
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Corrupt_gzip_is_an_InputException_naming_the_file()
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            var path = Path.Combine(dir, "bad.xyz.gz");
            // gzip magic, then compression method 0x07 (only 8, deflate, exists).
            File.WriteAllBytes(path, [0x1f, 0x8b, 0x07, 0, 0, 0, 0, 0, 0, 0xff, 1, 2, 3, 4]);
            var e = Assert.Throws<InputException>(() => TrajectoryReader.Read(path).ToList());
            Assert.Equal(path, e.File);
            Assert.Contains("gzip", e.Reason);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Huge_dump_atom_count_fails_as_truncated_without_allocating_for_it()
    {
        const string text = "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2000000000\nITEM: BOX BOUNDS pp pp pp\n0 1\n0 1\n0 1\n" +
                            "ITEM: ATOMS id element x y z\n1 C 0 0 0\n";
        InputException? error = null;
        long allocated = AllocatedBy(() => error = Assert.ThrowsAny<InputException>(() => IoTestHelpers.ReadDump(text)));
        Assert.Contains("expected 2000000000 atom lines, found 1", error!.Reason);
        Assert.True(allocated < 64L << 20, $"allocated {allocated >> 20} MiB");
    }

    [Fact]
    public void Huge_xyz_atom_count_fails_as_truncated_without_allocating_for_it()
    {
        const string text = "2000000000\nProperties=species:S:1:pos:R:3:f:R:3\nC 0 0 0 1 2 3\n";
        InputException? error = null;
        long allocated = AllocatedBy(() => error = Assert.ThrowsAny<InputException>(() => IoTestHelpers.ReadXyz(text)));
        Assert.Contains("expected 2000000000 atom lines, found 1", error!.Reason);
        Assert.True(allocated < 64L << 20, $"allocated {allocated >> 20} MiB");
    }

    [Fact]
    public void Huge_xyz_property_count_is_an_InputException()
    {
        var e = Assert.Throws<InputException>(() => IoTestHelpers.ReadXyz("1\nProperties=species:S:1:pos:R:3:f:R:2000000000\nC 0 0 0 1\n"));
        Assert.Contains("count '2000000000'", e.Reason);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void Dump_and_xyz_still_read_frames_larger_than_the_initial_capacity()
    {
        const int n = 70_000;
        var sb = new StringBuilder($"{n}\nProperties=species:S:1:pos:R:3:id:I:1\n");
        for (int i = 0; i < n; i++) sb.Append("C ").Append(i).Append(" 0 0 ").Append(i).Append('\n');
        var frame = Assert.Single(IoTestHelpers.ReadXyz(sb.ToString()));
        Assert.Equal(n, frame.AtomCount);
        Assert.Equal(n - 1, frame.Positions[n - 1].X);
        Assert.Equal(n - 1, ((AtomColumn<long>)frame.Column("id")!).Values[n - 1]);

        var dump = IoTestHelpers.WriteDump(frame);
        var back = Assert.Single(IoTestHelpers.ReadDump(dump));
        Assert.Equal(n, back.AtomCount);
        Assert.Equal(n - 1, back.Positions[n - 1].X);
    }
}
