using SecuriteQuotidien.Domain.Status;

namespace SecuriteQuotidien.Domain.Tests.Status;

public sealed class FrenchTextTests
{
    [Theory]
    [InlineData(0, "signalement", null, "0 signalement")]
    [InlineData(1, "signalement ouvert", null, "1 signalement ouvert")]
    [InlineData(2, "signalement ouvert", null, "2 signalements ouverts")]
    [InlineData(3, "nouveau signalement", null, "3 nouveaux signalements")]
    [InlineData(2, "jour", null, "2 jours")]
    [InlineData(12000, "signalement", null, "12\u202f000 signalements")]
    [InlineData(5, "signalement en retard", "signalements en retard", "5 signalements en retard")]
    [InlineData(1, "signalement en retard", "signalements en retard", "1 signalement en retard")]
    public void Zero_and_one_take_the_singular_two_and_more_the_plural(int count, string singular, string? plural, string expected)
    {
        Assert.Equal(expected, FrenchText.Count(count, singular, plural));
    }

    [Theory]
    [InlineData(0.5, "0,5 jour")]
    [InlineData(1.5, "1,5 jour")]
    [InlineData(2, "2 jours")]
    [InlineData(25.5, "25,5 jours")]
    public void A_decimal_under_two_takes_the_singular(double count, string expected)
    {
        Assert.Equal(expected, FrenchText.Count(count, "jour"));
    }

    [Theory]
    [InlineData("signalement", "signalements")]
    [InlineData("mois", "mois")]
    [InlineData("nouveau", "nouveaux")]
    [InlineData("général", "généraux")]
    [InlineData("réponse ciblée", "réponses ciblées")]
    public void Plural_of_each_word(string singular, string plural)
    {
        Assert.Equal(plural, FrenchText.PluralOf(singular));
    }
}
