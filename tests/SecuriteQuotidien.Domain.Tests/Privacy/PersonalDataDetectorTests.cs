using SecuriteQuotidien.Domain.Privacy;
using static SecuriteQuotidien.Domain.Privacy.PersonalDataKind;

namespace SecuriteQuotidien.Domain.Tests.Privacy;

public sealed class PersonalDataDetectorTests
{
    /// <summary>Realistic report sentences (concierge, bus company, shop...) and what must be flagged in them.</summary>
    public static TheoryData<string, (PersonalDataKind Kind, string Text)[]> Sentences => new()
    {
        // With personal data.
        { "Le locataire du 3e, M. Dupont, laisse entrer des inconnus dans le hall B.", [(PersonName, "M. Dupont")] },
        { "Mme Martin a été insultée devant la boulangerie vers 18h.", [(PersonName, "Mme Martin")] },
        { "Madame Lefèvre, gardienne de la résidence, peut être jointe au 06 12 34 56 78.",
            [(PersonName, "Madame Lefèvre"), (PhoneNumber, "06 12 34 56 78")] },
        { "Monsieur Durand signale un rodéo de motos tous les soirs rue Carnot.", [(PersonName, "Monsieur Durand")] },
        { "Contact : Mlle Girard, 06.12.34.56.78.", [(PersonName, "Mlle Girard"), (PhoneNumber, "06.12.34.56.78")] },
        { "Rappeler le conducteur au 0612345678 pour son témoignage.", [(PhoneNumber, "0612345678")] },
        { "Notre agent de médiation est joignable au +33 6 12 34 56 78.", [(PhoneNumber, "+33 6 12 34 56 78")] },
        { "Joindre le dépôt de bus au +33612345678 en cas de besoin.", [(PhoneNumber, "+33612345678")] },
        { "Appelez le 0033 6 12 34 56 78 pour les images.", [(PhoneNumber, "0033 6 12 34 56 78")] },
        { "La loge répond au 04 92 51 23 45 en semaine.", [(PhoneNumber, "04 92 51 23 45")] },
        { "Le client a laissé son numéro : 06-12-34-56-78.", [(PhoneNumber, "06-12-34-56-78")] },
        { "Écrire à jean.dupont@example.fr pour les images de vidéoprotection.", [(EmailAddress, "jean.dupont@example.fr")] },
        { "Le gérant (contact.boutique@commerce-gap.fr) a déposé plainte.", [(EmailAddress, "contact.boutique@commerce-gap.fr")] },
        { "Un véhicule immatriculé AB-123-CD stationne sur le trottoir chaque nuit.", [(LicencePlate, "AB-123-CD")] },
        { "La voiture AB 123 CD revient tous les soirs devant l'école.", [(LicencePlate, "AB 123 CD")] },
        { "Le scooter EF456GH tourne autour du parking de la gare routière.", [(LicencePlate, "EF456GH")] },
        { "Le chauffeur a relevé la plaque gh-789-jk du véhicule qui a forcé le passage.", [(LicencePlate, "gh-789-jk")] },
        { "Une vieille voiture immatriculée 1234 AB 05 est abandonnée sur le parking.", [(LicencePlate, "1234 AB 05")] },
        { "Le fourgon 123 ABC 2A bloque l'accès des pompiers.", [(LicencePlate, "123 ABC 2A")] },
        { "Une moto 45 XY 974 fait des roues arrière devant le magasin.", [(LicencePlate, "45 XY 974")] },
        { "Maître Bernard, avocat du syndic, a été informé.", [(PersonName, "Maître Bernard")] },
        { "Me Rousseau représente la copropriété.", [(PersonName, "Me Rousseau")] },
        { "La famille Moreau se plaint du bruit dans la cage d'escalier.", [(PersonName, "famille Moreau")] },
        { "M. Jean-Pierre Fabre, commerçant, a vu la scène.", [(PersonName, "M. Jean-Pierre Fabre")] },
        { "Le client M. DUPONT a été bousculé à la caisse.", [(PersonName, "M. DUPONT")] },
        { "M. Dupont et Mme Martin ont vu les jeunes.", [(PersonName, "M. Dupont"), (PersonName, "Mme Martin")] },
        { "Monsieur le maire et M. Petit sont informés.", [(PersonName, "M. Petit")] },
        { "Contacter la gardienne, Mme Roux, au 04.92.51.23.45 ou à loge@residence-cedres.fr.",
            [(PersonName, "Mme Roux"), (PhoneNumber, "04.92.51.23.45"), (EmailAddress, "loge@residence-cedres.fr")] },
        { "Un usager a oublié sa carte Vitale n° 1 85 05 05 012 345 69 au guichet.", [(SocialSecurityNumber, "1 85 05 05 012 345 69")] },
        { "Remboursement demandé sur le compte FR76 3000 6000 0112 3456 7890 189 par un client.",
            [(BankAccount, "FR76 3000 6000 0112 3456 7890 189")] },

        // Ordinary report text: nothing to flag.
        { "Des jeunes squattent le hall B du bâtiment 12 tous les soirs vers 22h30.", [] },
        { "Le 12/05/2026, vitre de l'abribus cassée sur la ligne 3.", [] },
        { "Depuis le 12.05.2026, dégradations répétées au 12 rue de France, 05000 Gap.", [] },
        { "Vol à l'étalage d'un montant de 150 € le 01.05.2026 22h30.", [] },
        { "Le bus de la ligne 12 a été caillassé à 22H30 à l'arrêt Gare.", [] },
        { "Monsieur le maire a été prévenu des rassemblements.", [] },
        { "M. le directeur de l'agence signale des tags sur la façade.", [] },
        { "Madame la directrice du collège demande une patrouille à la sortie.", [] },
        { "Monsieur Le Maire a reçu les commerçants.", [] },
        { "Me voici à nouveau pour signaler des nuisances au parking P2.", [] },
        { "Bonjour Madame, je vous signale des rassemblements devant le magasin.", [] },
        { "Rodéos urbains sur le parking du centre commercial, environ 15 à 20 motos.", [] },
        { "Trafic de stupéfiants suspecté au pied du bâtiment C, entrée 4, 2e étage.", [] },
        { "Le chauffeur du bus n° 4 a été menacé à l'arrêt Champsaur vers 19h15.", [] },
        { "Le magasin a subi trois vols depuis janvier, préjudice estimé à 1 200 €.", [] },
        { "Le montant du préjudice s'élève à 2 350,50 € HT.", [] },
        { "Incivilités devant la pharmacie de 8h à 9h, du lundi au vendredi.", [] },
        { "Réunion GPO prévue le 3 juin 2026 à 14h en mairie de Briançon.", [] },
        { "Accès par le code 4521 puis le bâtiment B, porte 12.", [] },
        { "Voitures garées sur la RN 94 et la D 902 chaque samedi soir.", [] },
        { "Bâtiment 12 B, 3e étage, porte gauche.", [] },
        { "La rame de 7h12 était bondée, 300 voyageurs, de 150 km en car.", [] },
        { "Secteur hyper-centre, 05100 Briançon, entre 23 h et 2 h.", [] },
        { "Le gardien a constaté le 15/03 que la porte du local vélos était forcée.", [] },
    };

    [Theory]
    [MemberData(nameof(Sentences))]
    public void Flags_personal_data_in_report_sentences(string sentence, (PersonalDataKind Kind, string Text)[] expected)
    {
        var findings = PersonalDataDetector.Find(sentence);

        Assert.Equal(expected, findings.Select(f => (f.Kind, f.Text)).ToArray());
        Assert.All(findings, f => Assert.Equal(f.Text, sentence.Substring(f.Span.Start, f.Span.Length)));
    }

    [Theory]
    [InlineData("Carte Vitale 1 85 05 05 012 345 12 retrouvée.")]
    [InlineData("Virement vers FR76 3000 6000 0112 3456 7890 188 refusé.")]
    public void Numbers_whose_check_digits_do_not_hold_are_not_flagged(string sentence)
    {
        Assert.Empty(PersonalDataDetector.Find(sentence));
    }

    [Fact]
    public void A_corsican_social_security_number_is_checked_with_2A_as_19()
    {
        // 2 90 02 2A 001 002: with 2A read as 19 the body is 2900219001002, whose key is 21.
        var findings = PersonalDataDetector.Find("NIR 2 90 02 2A 001 002 21 transmis par erreur.");

        Assert.Equal(new[] { (SocialSecurityNumber, "2 90 02 2A 001 002 21") }, findings.Select(f => (f.Kind, f.Text)));
    }

    [Fact]
    public void Gives_each_finding_its_french_label_and_position()
    {
        const string text = "Voir M. Dupont au 06 12 34 56 78.";

        var findings = PersonalDataDetector.Find(text);

        Assert.Equal(new[] { "nom de personne", "numéro de téléphone" }, findings.Select(f => f.Label));
        Assert.Equal(new TextSpan(5, 9), findings[0].Span);
        Assert.Equal(new TextSpan(18, 14), findings[1].Span);
    }

    [Fact]
    public void Every_kind_has_a_french_label()
    {
        Assert.All(Enum.GetValues<PersonalDataKind>(), kind =>
        {
            Assert.False(string.IsNullOrWhiteSpace(kind.ToFrench()));
            Assert.EndsWith(kind.ToFrench(), kind.ToFrenchWithArticle(plural: false), StringComparison.Ordinal);
            Assert.StartsWith("des ", kind.ToFrenchWithArticle(plural: true), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_phone_number_in_no_break_spaces_is_flagged()
    {
        var findings = PersonalDataDetector.Find("Tél.\u00A0: 06\u00A012\u00A034\u00A056\u00A078");

        Assert.Equal(PhoneNumber, Assert.Single(findings).Kind);
    }

    [Fact]
    public void Empty_text_has_no_findings_and_overlong_text_is_refused()
    {
        Assert.Empty(PersonalDataDetector.Find(null));
        Assert.Empty(PersonalDataDetector.Find(""));
        Assert.False(PersonalDataDetector.ContainsPersonalData("Tags sur le mur du gymnase."));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            PersonalDataDetector.Find(new string('a', PersonalDataDetector.MaxTextLength + 1)));
    }

    [Fact]
    public void Finds_every_occurrence_in_a_full_length_hostile_text()
    {
        // 2,000 characters built to make a naive pattern backtrack: long runs of digits, capitals and dots.
        var text = string.Concat(Enumerable.Repeat("AB-123-CD 0612345678 x@y.fr ", 2000 / 28)) + new string('0', 40);

        var findings = PersonalDataDetector.Find(text);

        Assert.Equal(3 * (2000 / 28), findings.Count);
        Assert.Empty(PersonalDataDetector.Find(new string('9', 2000) + "@" + new string('a', 2000)));
        Assert.Empty(PersonalDataDetector.Find(string.Concat(Enumerable.Repeat("FR7612AB ", 220))));
        Assert.Empty(PersonalDataDetector.Find(string.Concat(Enumerable.Repeat("M. Mme la ", 200))));
    }
}
