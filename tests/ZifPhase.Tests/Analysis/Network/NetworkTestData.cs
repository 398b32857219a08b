using ZifPhase.IO;
using ZifPhase.Structures;

namespace ZifPhase.Tests.Analysis.Network;

/// <summary>Shipped crystal structures used by the network tests, read once per test run.</summary>
internal static class NetworkTestData
{
    private static readonly Dictionary<string, Frame> Cache = [];
    private static readonly Lock Gate = new();

    public static Frame Read(string folder, string file)
    {
        lock (Gate)
        {
            var key = folder + "/" + file;
            if (!Cache.TryGetValue(key, out var f))
                Cache[key] = f = TrajectoryReader.ReadFirst(TestPaths.Data("structures", folder, file));
            return f;
        }
    }

    public static Frame Zif4 => Read("lewis-2009", "ZIF-4.cif");
    public static Frame Zni => Read("lewis-2009", "zni.cif");
    public static Frame CpII => Read("widmer-2019", "ZIF-4-cp-II.cif");
    public static Frame HptII => Read("widmer-2019", "ZIF-4-hPT-II.cif");

    /// <summary>The frame with only its Zn atoms.</summary>
    public static Frame ZnOnly(Frame frame)
    {
        var zn = frame.IndicesOf(Element.Zn);
        return new Frame(zn.Select(i => frame.Positions[i]).ToArray(), zn.Select(_ => Element.Zn).ToArray(), frame.Cell);
    }

    /// <summary>The frame with a per-atom phase column: <paramref name="label"/> where <paramref name="labelled"/> holds, "other" on the other Zn.</summary>
    public static Frame WithLabels(Frame frame, Func<int, bool> labelled, string label)
    {
        var phase = new string[frame.AtomCount];
        for (int i = 0; i < phase.Length; i++)
            phase[i] = frame.Elements[i] != Element.Zn ? "" : labelled(i) ? label : "other";
        return frame.WithColumns([new AtomColumn<string>(ZifPhase.Analysis.PhaseLabels.PhaseColumn, phase)]);
    }

    /// <summary>Writes DIR/NAME: a labelled extxyz of ZIF-4 (2×2×2) with the Zn of fractional z &lt; <paramref name="zMax"/> labelled <paramref name="label"/>.</summary>
    public static string WriteLabelledZif4(string dir, string name, double zMax, string label)
    {
        var frame = Zif4.Replicate(2, 2, 2);
        var labelled = WithLabels(frame, i => frame.Cell.ToFractional(frame.Positions[i]).Z < zMax, label);
        var path = Path.Combine(dir, name);
        TrajectoryWriter.WriteAll(path, [labelled]);
        return path;
    }
}
