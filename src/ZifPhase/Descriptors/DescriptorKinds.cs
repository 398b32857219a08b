namespace ZifPhase.Descriptors;

/// <summary>
/// A kind of descriptor as its spec JSON names it: the <c>"kind"</c> value, the spec record, the keys its JSON may
/// hold and the function that reads them (through <see cref="DescriptorSpecReader.Reader"/>, DScribe's argument forms).
/// </summary>
internal sealed record DescriptorKind(string Name, Type Spec, IReadOnlyList<string> Keys, Func<DescriptorSpecReader.Reader, DescriptorSpec> Read);

/// <summary>
/// Every descriptor kind, one line each (in the spirit of ASE's io/formats.py): a new descriptor adds its line here,
/// its spec and descriptor in one file, and its contract test. Reading and writing spec JSON go through this table,
/// without reflection, so the Native AOT library parses specs too.
/// </summary>
internal static class DescriptorKinds
{
    public static IReadOnlyList<DescriptorKind> All { get; } =
    [
        SoapSpec.Kind,
        AcsfSpec.Kind,
    ];

    /// <summary>The kind of a spec record type.</summary>
    public static DescriptorKind Of(Type spec) =>
        All.FirstOrDefault(k => k.Spec == spec) ?? throw new InvalidOperationException($"{spec.Name} has no line in DescriptorKinds");
}
