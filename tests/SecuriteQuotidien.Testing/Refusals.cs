using Xunit;

namespace SecuriteQuotidien.Testing;

/// <summary>The turn kernel's refusal: says who may act (or how to join), then that nothing changed.</summary>
public static class Refusals
{
    public static void AssertRefused(string? text)
    {
        Assert.NotNull(text);
        Assert.EndsWith("Rien n'a été modifié.", text, StringComparison.Ordinal);
        Assert.Matches("^(Seule? |Seuls |Vous n'êtes pas encore inscrit)", text);
    }
}
