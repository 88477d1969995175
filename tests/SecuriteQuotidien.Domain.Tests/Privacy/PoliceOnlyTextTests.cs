using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Privacy;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Domain.Tests.Privacy;

public sealed class PoliceOnlyTextTests
{
    private static readonly IssueNumber Number = IssueNumber.Parse("05-2026-0042");

    [Fact]
    public void Every_occurrence_of_a_masked_passage_is_masked_for_the_partner_and_marked_for_the_police()
    {
        var layer = new PoliceOnlyText(Number, "M. Dupont crie. Encore M. Dupont !", "M. Dupont fait peur.", []).With("M. Dupont");

        Assert.Equal("[masqué] crie. Encore [masqué] !", layer.PartnerDescription);
        Assert.Equal("[masqué] fait peur.", layer.PartnerEffect);
        var marker = PassageMasking.Marker("M. Dupont");
        Assert.Equal($"{marker} crie. Encore {marker} !", layer.PoliceDescription);
        Assert.Equal($"{marker} fait peur.", layer.PoliceEffect);
    }

    [Fact]
    public void Overlapping_passages_are_masked_as_one_and_a_passage_is_recorded_once()
    {
        var layer = new PoliceOnlyText(Number, "Appelez le 06 12 34 56 78 ce soir.", null, [])
            .With("06 12 34")
            .With("34 56 78")
            .With("34 56 78");

        Assert.Equal(["06 12 34", "34 56 78"], layer.MaskedPassages);
        Assert.Equal("Appelez le [masqué] ce soir.", layer.PartnerDescription);
        Assert.Equal($"Appelez le {PassageMasking.Marker("06 12 34 56 78")} ce soir.", layer.PoliceDescription);
        Assert.Null(layer.PartnerEffect);
    }

    [Theory]
    [InlineData("M. Dupont", true)]
    [InlineData("m. dupont", false)]
    [InlineData("résidents", true)]
    [InlineData("Mme Martin", false)]
    [InlineData("  ", false)]
    public void A_passage_must_occur_exactly_in_the_description_or_the_effect(string passage, bool expected)
    {
        var layer = new PoliceOnlyText(Number, "M. Dupont crie.", "Les résidents ont peur.", []);
        Assert.Equal(expected, layer.Contains(passage));
    }

    [Fact]
    public void The_first_layer_of_an_issue_keeps_its_current_texts_as_originals()
    {
        var issue = new Issue
        {
            Number = Number,
            SectorId = "gap-hyper-centre",
            CategoryId = "incivilites",
            Reporter = new IssueReporter(DemoPeople.Camille, "org"),
            Site = IssueSite.Address("1 rue de la Paix"),
            LastOccurrence = new DateOnly(2026, 3, 1),
            TimeOfDay = TimeOfDay.Evening,
            Frequency = IssueFrequency.Weekly,
            Description = "Texte d'origine assez long.",
            Effect = "Conséquence.",
            CreatedAt = DateTimeOffset.UnixEpoch,
            Deadline = new DateOnly(2026, 4, 1),
        };
        var layer = PoliceOnlyText.Of(issue);
        Assert.Equal((Number, "Texte d'origine assez long.", "Conséquence."), (layer.Number, layer.OriginalDescription, layer.OriginalEffect));
        Assert.Empty(layer.MaskedPassages);
    }
}
