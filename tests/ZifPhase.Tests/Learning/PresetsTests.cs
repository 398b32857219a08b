using ZifPhase.Descriptors;
using ZifPhase.Learning;

namespace ZifPhase.Tests.Learning;

public class PresetsTests
{
    [Fact]
    public void OneRegistryHoldsDescriptorTrainingAndNetworkShape()
    {
        Assert.Equal(["paper-soap", "paper-bpsf"], Presets.Names);
        Assert.Same(SoapSpec.PaperSoap, Presets.Get("paper-soap").Descriptor);
        Assert.Same(AcsfSpec.PaperBpsf, Presets.Get(" Paper-BPSF ").Descriptor);
        Assert.Equal([100], Presets.PaperSoap.Hidden);
        Assert.Equal([24], Presets.PaperBpsf.Hidden);
        Assert.Equal(780, Presets.PaperSoap.Descriptor.Create(1).Dimension);
        Assert.Equal(12, Presets.PaperBpsf.Descriptor.Create(1).Dimension);
        Assert.All(Presets.All, p => Assert.Same(p, Presets.Get(p.Name)));
    }

    [Fact]
    public void UnknownNamesSayWhatTheyWereFor()
    {
        Assert.Equal("unknown training preset 'paper-bps' (did you mean 'paper-bpsf'?); known: paper-soap, paper-bpsf",
            Assert.Throws<UsageException>(() => Presets.Get("paper-bps")).Message);
        Assert.Equal("unknown descriptor preset 'paper-sop' (did you mean 'paper-soap'?); known: paper-soap, paper-bpsf",
            Assert.Throws<UsageException>(() => Presets.Get("paper-sop", "descriptor")).Message);
    }
}
