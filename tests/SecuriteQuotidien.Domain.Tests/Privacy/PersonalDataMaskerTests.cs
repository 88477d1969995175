using SecuriteQuotidien.Domain.Privacy;

namespace SecuriteQuotidien.Domain.Tests.Privacy;

public sealed class PersonalDataMaskerTests
{
    [Fact]
    public void Masks_the_given_passages_and_returns_them_with_their_original_positions()
    {
        const string text = "Le gardien, M. Dupont, a vu un homme de grande taille au blouson rouge.";

        var description = new TextSpan(text.IndexOf("au blouson", StringComparison.Ordinal), "au blouson rouge".Length);

        var masked = PersonalDataMasker.MaskSpans(text, [description, new TextSpan(12, 9)]);

        Assert.Equal("Le gardien, [masqué], a vu un homme de grande taille [masqué].", masked.Text);
        Assert.Equal(
            new[] { new MaskedFragment(new TextSpan(12, 9), "M. Dupont"), new MaskedFragment(description, "au blouson rouge") },
            masked.Fragments);
        Assert.True(masked.HasMaskedPassages);
    }

    [Fact]
    public void Overlapping_and_touching_passages_are_masked_once()
    {
        const string text = "abcdefghij";

        var masked = PersonalDataMasker.MaskSpans(text, [new TextSpan(2, 3), new TextSpan(4, 2), new TextSpan(6, 1), new TextSpan(9, 0)]);

        Assert.Equal("ab[masqué]hij", masked.Text);
        Assert.Equal("cdefg", Assert.Single(masked.Fragments).Original);
    }

    [Fact]
    public void No_passage_leaves_the_text_unchanged()
    {
        var masked = PersonalDataMasker.MaskSpans("Tags sur le mur.", []);

        Assert.Equal("Tags sur le mur.", masked.Text);
        Assert.False(masked.HasMaskedPassages);
    }

    [Fact]
    public void A_passage_beyond_the_text_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PersonalDataMasker.MaskSpans("court", [new TextSpan(3, 5)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextSpan(-1, 2));
    }

    [Fact]
    public void Masking_the_findings_hides_every_flagged_passage()
    {
        const string text = "Mme Roux (06 12 34 56 78, loge@residence-cedres.fr) a vu la voiture AB-123-CD.";

        var masked = PersonalDataMasker.MaskFindings(text);

        Assert.Equal("[masqué] ([masqué], [masqué]) a vu la voiture [masqué].", masked.Text);
        Assert.Equal(["Mme Roux", "06 12 34 56 78", "loge@residence-cedres.fr", "AB-123-CD"], masked.Fragments.Select(f => f.Original).ToArray());
        Assert.Empty(PersonalDataDetector.Find(masked.Text));
    }
}
