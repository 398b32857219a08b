using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace ZifPhase.Tests.Architecture;

/// <summary>
/// Which of an assembly's own types each of its types uses, read from the compiled metadata and IL (what the
/// compiler actually bound, generics and lambdas included): base types, interfaces, field, method and local
/// signatures, and every type, method and field token in method bodies. Compiler-generated nested types
/// (closures, iterators) count for the type that holds them.
/// </summary>
public static class TypeDependencies
{
    /// <summary>Full names of the outermost types, each with the full names of the other outermost types it uses.</summary>
    public static IReadOnlyDictionary<string, SortedSet<string>> Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var result = new Dictionary<string, SortedSet<string>>();
        var provider = new Collector(md);
        foreach (var handle in md.TypeDefinitions)
        {
            var owner = OutermostName(md, handle);
            if (owner.StartsWith('<')) continue; // <Module>, <PrivateImplementationDetails>
            if (!result.TryGetValue(owner, out var used)) result[owner] = used = [];
            provider.Target = used;
            var type = md.GetTypeDefinition(handle);
            provider.AddType(type.BaseType);
            foreach (var i in type.GetInterfaceImplementations()) provider.AddType(md.GetInterfaceImplementation(i).Interface);
            foreach (var f in type.GetFields()) md.GetFieldDefinition(f).DecodeSignature(provider, null);
            foreach (var p in type.GetProperties()) md.GetPropertyDefinition(p).DecodeSignature(provider, null);
            foreach (var m in type.GetMethods())
            {
                var method = md.GetMethodDefinition(m);
                method.DecodeSignature(provider, null);
                if (method.RelativeVirtualAddress == 0) continue;
                var body = pe.GetMethodBody(method.RelativeVirtualAddress);
                if (!body.LocalSignature.IsNil)
                    md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(provider, null);
                ScanIl(body.GetILBytes()!, provider);
            }
            used.Remove(owner);
        }
        return result;
    }

    private static string OutermostName(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        while (type.IsNested) type = md.GetTypeDefinition(type.GetDeclaringType());
        var ns = md.GetString(type.Namespace);
        var name = md.GetString(type.Name);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    private static void ScanIl(byte[] il, Collector provider)
    {
        int i = 0;
        while (i < il.Length)
        {
            short code = il[i++];
            if (code == 0xFE) code = unchecked((short)(0xFE00 | il[i++]));
            switch (Operands[code])
            {
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: i += 8; break;
                case OperandType.InlineSwitch: i += 4 + 4 * BitConverter.ToInt32(il, i); break;
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    provider.AddToken(BitConverter.ToInt32(il, i));
                    i += 4;
                    break;
                default: i += 4; break; // InlineI, ShortInlineR, InlineBrTarget, InlineString, InlineSig
            }
        }
    }

    /// <summary>Collects the assembly's own types met in signatures and tokens (external types are ignored).</summary>
    private sealed class Collector(MetadataReader md) : ISignatureTypeProvider<int, object?>
    {
        public SortedSet<string> Target { get; set; } = [];

        public void AddType(EntityHandle handle)
        {
            if (handle.IsNil) return;
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition: Target.Add(OutermostName(md, (TypeDefinitionHandle)handle)); break;
                case HandleKind.TypeSpecification: md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null); break;
            }
        }

        public void AddToken(int token)
        {
            var handle = MetadataTokens.EntityHandle(token);
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition or HandleKind.TypeSpecification: AddType(handle); break;
                case HandleKind.FieldDefinition: AddType(md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType()); break;
                case HandleKind.MethodDefinition: AddType(md.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType()); break;
                case HandleKind.MemberReference:
                    var member = md.GetMemberReference((MemberReferenceHandle)handle);
                    AddType(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method) member.DecodeMethodSignature(this, null);
                    else member.DecodeFieldSignature(this, null);
                    break;
                case HandleKind.MethodSpecification:
                    var spec = md.GetMethodSpecification((MethodSpecificationHandle)handle);
                    AddToken(MetadataTokens.GetToken(spec.Method));
                    spec.DecodeSignature(this, null);
                    break;
            }
        }

        public int GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            Target.Add(OutermostName(reader, handle));
            return 0;
        }

        public int GetTypeFromSpecification(MetadataReader reader, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, context);

        public int GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => 0;
        public int GetArrayType(int elementType, ArrayShape shape) => 0;
        public int GetByReferenceType(int elementType) => 0;
        public int GetFunctionPointerType(MethodSignature<int> signature) => 0;
        public int GetGenericInstantiation(int genericType, ImmutableArray<int> typeArguments) => 0;
        public int GetGenericMethodParameter(object? context, int index) => 0;
        public int GetGenericTypeParameter(object? context, int index) => 0;
        public int GetModifiedType(int modifier, int unmodifiedType, bool isRequired) => 0;
        public int GetPinnedType(int elementType) => 0;
        public int GetPointerType(int elementType) => 0;
        public int GetPrimitiveType(PrimitiveTypeCode typeCode) => 0;
        public int GetSZArrayType(int elementType) => 0;
    }
}
