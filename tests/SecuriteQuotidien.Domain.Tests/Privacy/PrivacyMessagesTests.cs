using SecuriteQuotidien.Domain.Privacy;

namespace SecuriteQuotidien.Domain.Tests.Privacy;

public sealed class PrivacyMessagesTests
{
    [Fact]
    public void The_confirmation_names_each_kind_once_with_the_passages_found()
    {
        var findings = PersonalDataDetector.Find("M. Dupont laisse entrer des inconnus, appeler le 06 12 34 56 78.");

        var message = PrivacyMessages.ConfirmationMessage(findings);

        Assert.Equal(
            "Votre texte semble contenir un nom de personne (« M. Dupont ») et un numéro de téléphone (« 06 12 34 56 78 »). "
            + "Vérifiez-le avant d'envoyer. Ne nommez pas et ne décrivez pas de personne identifiable : décrivez les faits, les lieux et les horaires.",
            message.Replace('\u00A0', ' '));
    }

    [Fact]
    public void Several_passages_of_one_kind_are_plural_and_at_most_three_are_quoted()
    {
        var findings = PersonalDataDetector.Find(
            "M. Dupont, Mme Martin, M. Petit et Mme Roux, voiture AB-123-CD, joindre loge@cedres.fr ou accueil@cedres.fr.");

        var message = PrivacyMessages.ConfirmationMessage(findings).Replace('\u00A0', ' ');

        Assert.StartsWith(
            "Votre texte semble contenir des noms de personnes (« M. Dupont », « Mme Martin », « M. Petit », …), "
            + "une plaque d'immatriculation (« AB-123-CD ») et des adresses électroniques (« loge@cedres.fr », « accueil@cedres.fr »). ",
            message, StringComparison.Ordinal);
        Assert.DoesNotContain("Mme Roux", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_passage_is_shortened_in_the_message()
    {
        var address = new string('a', 50) + "@commissariat-de-gap.fr";

        var message = PrivacyMessages.ConfirmationMessage(PersonalDataDetector.Find($"Écrire à {address}."));

        Assert.Contains(address[..60] + "…", message, StringComparison.Ordinal);
        Assert.DoesNotContain(address, message, StringComparison.Ordinal);
    }

    [Fact]
    public void There_is_no_confirmation_without_findings()
    {
        Assert.Throws<ArgumentException>(() => PrivacyMessages.ConfirmationMessage([]));
    }

    [Fact]
    public void The_form_hint_asks_for_facts_places_and_times()
    {
        Assert.Equal("Ne nommez pas et ne décrivez pas de personne identifiable : décrivez les faits, les lieux et les horaires.",
            PrivacyMessages.FormHint);
    }
}
