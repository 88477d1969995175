using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Delivery;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Diagnostics;
using SecuriteQuotidien.Domain.Issues;

namespace SecuriteQuotidien.Bot.Diagnostics;

/// <summary>
/// The police's buttons on a diagnostic (referent, deputy, commissioner and administrators of its sector): the
/// opening form (from the issue card, a hotspot suggestion or the command), the diagnostic card and its forms.
/// Every change is checked by the domain against the version the card showed: a stale or replayed click gets the
/// current card and changes nothing. The channel card is updated in place after each change. The partners' buttons
/// are <see cref="PartnerDiagnosticActionsFeature"/>'s, the hotspot suggestion's <see cref="HotspotSuggestionFeature"/>'s.
/// </summary>
public sealed partial class DiagnosticActionsFeature(
    IDirectory directory,
    IDiagnosticRepository diagnostics,
    DiagnosticService service,
    IIssueCards issueCards,
    IProactiveSender sender,
    TimeProvider time,
    ILogger<DiagnosticActionsFeature> logger) : IActionHandler
{
    public const string Missing = "Ce diagnostic n'existe pas (ou plus) : rien n'a été modifié.";

    private static readonly IReadOnlyDictionary<string, string> NoErrors = new Dictionary<string, string>();


    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (turn, user, verb, data) = (request.Turn, request.User, request.Id, request.Data);
        ArgumentNullException.ThrowIfNull(user);
        if (verb == ActionIds.Diagnostic.Refresh && !request.SeesPoliceView && request.Target is DiagnosticTarget shared)
        {
            // A partner of the sector's GPO reading the channel's card: its shared view, shown to them alone.
            return Card(await service.CardAsync(shared.Diagnostic, cancellationToken, shared: true));
        }
        // The kernel read the sector or the diagnostic and admitted the police of its sector (declared in the registration).
        if (request.Target.SectorOf() is not { } sector || user.AadObjectId is not { } objectId)
        {
            return TurnAnswer.Text(ActionTargetReader.UnknownSector);
        }
        var actor = DiagnosticService.ActorOf(objectId, user.Roles);
        switch (verb)
        {
            case ActionIds.Diagnostic.OpenForm:
                return await OpenFormAsync(sector, data, cancellationToken);
            case ActionIds.Diagnostic.OpenSubmit:
                return await OpenAsync(turn, sector, actor, data, cancellationToken);
        }
        if (request.Target is not DiagnosticTarget { Stored: var stored } || DiagnosticRef.Read(data) is not { } reference)
        {
            return TurnAnswer.Text(Missing);
        }
        var diagnostic = stored.Diagnostic;
        if (verb != ActionIds.Diagnostic.Refresh && diagnostic.Version != reference.Version)
        {
            return Card(await service.CardAsync(diagnostic, cancellationToken, DiagnosticCards.StaleNotice));
        }
        var values = ValuesOf(data);
        var now = time.GetUtcNow();
        var today = service.Today;
        return verb switch
        {
            ActionIds.Diagnostic.Refresh => Card(await service.CardAsync(diagnostic, cancellationToken)),
            ActionIds.Diagnostic.Edit => Card(DiagnosticCards.EditForm(diagnostic, NoErrors, NoErrors)),
            ActionIds.Diagnostic.EditSubmit => await ApplyAsync(reference, d => d.EditDetails(actor, reference.Version, now, values[DiagnosticFields.Title],
                new DiagnosticTemplate(values[DiagnosticFields.Constat], values[DiagnosticFields.Hypotheses], values[DiagnosticFields.Actors])), cancellationToken),
            ActionIds.Diagnostic.AddAction => Card(DiagnosticCards.AddActionForm(diagnostic, directory, today, NoErrors, NoErrors)),
            ActionIds.Diagnostic.AddActionSubmit => await AddActionAsync(diagnostic, reference, actor, values, now, cancellationToken),
            ActionIds.Diagnostic.UpdateAction => Card(DiagnosticCards.UpdateActionForm(diagnostic, directory, NoErrors, NoErrors)),
            ActionIds.Diagnostic.UpdateActionSubmit => await UpdateActionAsync(diagnostic, reference, actor, values, now, cancellationToken),
            ActionIds.Diagnostic.Evaluation => Card(DiagnosticCards.EvaluationForm(diagnostic, directory, NoErrors, NoErrors)),
            ActionIds.Diagnostic.EvaluationSubmit => await EvaluationAsync(diagnostic, reference, actor, values, now, cancellationToken),
            ActionIds.Diagnostic.Note => Card(DiagnosticCards.NoteForm(diagnostic, NoErrors, NoErrors)),
            ActionIds.Diagnostic.NoteSubmit => string.IsNullOrWhiteSpace(values[DiagnosticFields.NoteText])
                ? Card(DiagnosticCards.NoteForm(diagnostic, values, Error(DiagnosticFields.NoteText, "Écrivez la note.")))
                : await ApplyAsync(reference, d => d.AddPoliceNote(actor, reference.Version, now, values[DiagnosticFields.NoteText]), cancellationToken),
            ActionIds.Diagnostic.Close => await ApplyAsync(reference, d => d.Close(actor, reference.Version, now), cancellationToken),
            ActionIds.Diagnostic.Reopen => await ApplyAsync(reference, d => d.Reopen(actor, reference.Version, now), cancellationToken),
            _ => TurnAnswer.Text("Action inconnue."),
        };
    }

    private async Task<TurnAnswer> OpenFormAsync(Sector sector, JsonObject data, CancellationToken cancellationToken)
    {
        var facts = service.FactsOf(await service.SectorIssuesAsync(sector.Id, cancellationToken));
        var preselected = Numbers(FormValues.Text(data, DiagnosticFields.Issues));
        string? origin = FormValues.Text(data, DiagnosticFields.Origin);
        if (IssueNumber.TryParse(FormValues.Text(data, IssueRef.NumberField), out var fromIssue))
        {
            // From the issue card: that issue pre-selected, and the answer brings the issue card back.
            preselected = [.. preselected, fromIssue];
            origin = fromIssue.ToString();
        }
        var values = new Dictionary<string, string> { [DiagnosticFields.Issues] = string.Join(',', preselected) };
        return Card(DiagnosticCards.OpenForm(sector, service.Candidates(facts, preselected), values, NoErrors, origin));
    }

    private async Task<TurnAnswer> OpenAsync(TurnContext turn, Sector sector, DiagnosticActor actor, JsonObject data, CancellationToken cancellationToken)
    {
        var values = ValuesOf(data);
        var origin = FormValues.Text(data, DiagnosticFields.Origin);
        var sectorIssues = await service.SectorIssuesAsync(sector.Id, cancellationToken);
        var facts = service.FactsOf(sectorIssues);
        var selected = Numbers(values[DiagnosticFields.Issues]);
        var title = values[DiagnosticFields.Title].Trim();
        if (title.Length == 0 || title.Length > Diagnostic.TitleMaxLength)
        {
            var message = title.Length == 0 ? "Donnez un titre au diagnostic." : $"Le titre ne doit pas dépasser {Diagnostic.TitleMaxLength} caractères.";
            return Card(DiagnosticCards.OpenForm(sector, service.Candidates(facts, selected), values, Error(DiagnosticFields.Title, message), origin));
        }
        var linked = sectorIssues.Where(i => selected.Contains(i.Number)).ToList();
        var template = new DiagnosticTemplate(
            ConstatBuilder.Build(facts.Where(f => selected.Contains(f.Number)), service.Today, directory, service.Confidentiality), "", "");
        var now = time.GetUtcNow();
        // The same form submitted twice (a retried click) opens one diagnostic.
        var key = Hash($"{actor.ObjectId}|{turn.Activity.ReplyToId}|{title}|{string.Join(',', selected.Order())}");
        DiagnosticCreation created;
        try
        {
            created = await diagnostics.CreateAsync(sector.Id, key, now,
                number => Diagnostic.Open(number, sector.Id, title, linked.Select(LinkedIssue.Of), template, actor, now), cancellationToken);
        }
        catch (DiagnosticRuleException ex)
        {
            return Card(DiagnosticCards.OpenForm(sector, service.Candidates(facts, selected), values, Error("general", ex.Message), origin));
        }
        var diagnostic = created.Stored.Diagnostic;
        await service.PostAsync(diagnostic, cancellationToken);
        LogOpened(logger, diagnostic.Number.ToString(), sector.Id, linked.Count);
        if (IssueNumber.TryParse(origin, out var fromIssue) && sectorIssues.FirstOrDefault(i => i.Number == fromIssue) is { } issue)
        {
            return Card(await issueCards.BuildAsync(issue, cancellationToken,
                $"Diagnostic {diagnostic.Number} ouvert : sa carte est publiée dans le canal du secteur."));
        }
        return Card(DiagnosticCards.Opened(diagnostic));
    }

    private async Task<TurnAnswer> AddActionAsync(Diagnostic diagnostic, DiagnosticRef reference, DiagnosticActor actor, Dictionary<string, string> values,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(values[DiagnosticFields.ActionText]))
        {
            errors[DiagnosticFields.ActionText] = "Décrivez l'action.";
        }
        var owner = values[DiagnosticFields.Owner];
        if (owner != DiagnosticAction.PoliceOwner && directory.Organisations.All(o => o.Id != owner))
        {
            errors[DiagnosticFields.Owner] = "Choisissez qui porte l'action : la police ou une organisation partenaire.";
        }
        if (!FormValues.TryDate(values[DiagnosticFields.DueDate], out var due) || due < service.Today)
        {
            errors[DiagnosticFields.DueDate] = "Indiquez une échéance à partir d'aujourd'hui.";
        }
        if (errors.Count > 0)
        {
            return Card(DiagnosticCards.AddActionForm(diagnostic, directory, service.Today, values, errors));
        }
        return await ApplyAsync(reference, d => d.AddAction(actor, reference.Version, now, values[DiagnosticFields.ActionText], owner, due), cancellationToken);
    }

    private async Task<TurnAnswer> UpdateActionAsync(Diagnostic diagnostic, DiagnosticRef reference, DiagnosticActor actor, Dictionary<string, string> values,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var action = diagnostic.FindAction(values[DiagnosticFields.ActionId]);
        if (action is null)
        {
            errors[DiagnosticFields.ActionId] = "Choisissez l'action.";
        }
        var status = values[DiagnosticFields.ActionStatus];
        if (status is not ("en-cours" or "fait" or "retirer"))
        {
            errors[DiagnosticFields.ActionStatus] = "Choisissez le nouvel état.";
        }
        if (status == "fait" && string.IsNullOrWhiteSpace(values[DiagnosticFields.Comment]))
        {
            errors[DiagnosticFields.Comment] = "Dites en quelques mots ce qui a été fait.";
        }
        if (errors.Count > 0)
        {
            return Card(DiagnosticCards.UpdateActionForm(diagnostic, directory, values, errors));
        }
        var id = action!.Id;
        return await ApplyAsync(reference, d => status switch
        {
            "en-cours" => d.StartAction(actor, reference.Version, now, id),
            "fait" => d.MarkActionDone(actor, reference.Version, now, id, values[DiagnosticFields.Comment]),
            _ => d.RemoveAction(actor, reference.Version, now, id),
        }, cancellationToken);
    }

    private async Task<TurnAnswer> EvaluationAsync(Diagnostic diagnostic, DiagnosticRef reference, DiagnosticActor actor, Dictionary<string, string> values,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (directory.Diagnostics.FindMethod(values[DiagnosticFields.Method]) is not { } method)
        {
            return Card(DiagnosticCards.EvaluationForm(diagnostic, directory, values, Error(DiagnosticFields.Method, "Choisissez une méthode d'évaluation.")));
        }
        var assessment = values[DiagnosticFields.Assessment].Trim();
        if (method.Kind == EvaluationMethodKind.Qualitative && assessment.Length == 0 && string.IsNullOrWhiteSpace(diagnostic.Evaluation?.Assessment))
        {
            return Card(DiagnosticCards.EvaluationForm(diagnostic, directory, values, Error(DiagnosticFields.Assessment, "Écrivez l'appréciation du GPO.")));
        }
        var current = diagnostic;
        try
        {
            if (current.Evaluation?.MethodId != method.Id)
            {
                current = (await diagnostics.ApplyAsync(reference.SectorId, reference.Number, d => d.ChooseEvaluation(actor, reference.Version, now, method), cancellationToken))!.Diagnostic;
            }
            if (assessment.Length > 0 && assessment != current.Evaluation?.Assessment)
            {
                var version = current.Version;
                current = (await diagnostics.ApplyAsync(reference.SectorId, reference.Number, d => d.RecordAssessment(actor, version, now, assessment), cancellationToken))!.Diagnostic;
            }
        }
        catch (DiagnosticRuleException ex)
        {
            return await CurrentCardAsync(reference, ex is DiagnosticStaleException ? DiagnosticCards.StaleNotice : ex.Message, cancellationToken);
        }
        if (method.Kind == EvaluationMethodKind.PartnerSurvey)
        {
            await SendSurveyAsync(current, method, cancellationToken);
        }
        await service.PublishAsync(current, cancellationToken);
        return Card(await service.CardAsync(current, cancellationToken));
    }

    /// <summary>The survey card to every partner of the sector's GPO; one message per (diagnostic, method, person).</summary>
    private async Task SendSurveyAsync(Diagnostic diagnostic, EvaluationMethod method, CancellationToken cancellationToken)
    {
        var card = PartnerDiagnosticCards.Survey(PartnerView.Of(diagnostic, service.Confidentiality), method, directory);
        foreach (var partner in directory.PartnersOfSector(diagnostic.SectorId))
        {
            await sender.SendToUserAsync(OutboxKeys.DiagnosticSurvey(diagnostic.Number, method.Id, partner.ObjectId),
                new UserAddress(directory.TenantId, partner.ObjectId), card.ToMessage(summary: card.FallbackText), cancellationToken: cancellationToken);
        }
    }

    /// <summary>Applies a transition through the repository (ETag retries); stale or refused: the current card with the reason.</summary>
    private async Task<TurnAnswer> ApplyAsync(DiagnosticRef reference, Func<Diagnostic, DiagnosticChange> transition, CancellationToken cancellationToken)
    {
        StoredDiagnostic? stored;
        try
        {
            stored = await diagnostics.ApplyAsync(reference.SectorId, reference.Number, transition, cancellationToken);
        }
        catch (DiagnosticStaleException)
        {
            return await CurrentCardAsync(reference, DiagnosticCards.StaleNotice, cancellationToken);
        }
        catch (DiagnosticRuleException ex)
        {
            return await CurrentCardAsync(reference, ex.Message, cancellationToken);
        }
        if (stored is null)
        {
            return TurnAnswer.Text(Missing);
        }
        LogApplied(logger, stored.Diagnostic.Number.ToString(), stored.Diagnostic.Version);
        await service.PublishAsync(stored.Diagnostic, cancellationToken);
        return Card(await service.CardAsync(stored.Diagnostic, cancellationToken));
    }

    private async Task<TurnAnswer> CurrentCardAsync(DiagnosticRef reference, string notice, CancellationToken cancellationToken)
    {
        var stored = await diagnostics.GetAsync(reference.SectorId, reference.Number, cancellationToken);
        return stored is null ? TurnAnswer.Text(Missing) : Card(await service.CardAsync(stored.Diagnostic, cancellationToken, notice));
    }

    // ---- Helpers ----

    private static readonly string[] FormFields =
    [
        DiagnosticFields.Title, DiagnosticFields.Issues, DiagnosticFields.Constat, DiagnosticFields.Hypotheses, DiagnosticFields.Actors,
        DiagnosticFields.ActionText, DiagnosticFields.Owner, DiagnosticFields.DueDate, DiagnosticFields.ActionId, DiagnosticFields.ActionStatus,
        DiagnosticFields.Comment, DiagnosticFields.Method, DiagnosticFields.Assessment, DiagnosticFields.NoteText,
    ];

    /// <summary>The form's inputs as text ("" when missing or not text).</summary>
    private static Dictionary<string, string> ValuesOf(JsonObject data) => FormValues.Read(data, FormFields);

    /// <summary>Issue numbers of a multi-select value ("05-2026-0001,05-2026-0002"); anything else is ignored.</summary>
    public static IReadOnlyList<IssueNumber> Numbers(string? text) =>
        [.. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => IssueNumber.TryParse(t, out var n) ? n : (IssueNumber?)null).OfType<IssueNumber>().Distinct()];

    private static Dictionary<string, string> Error(string field, string message) => new() { [field] = message };

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 12));

    private static TurnAnswer Card(AdaptiveCard card) => TurnAnswer.Card(card);


    [LoggerMessage(Level = LogLevel.Information, Message = "Diagnostic {DiagnosticNumber} opened in sector {SectorId} with {LinkedIssues} linked issues")]
    private static partial void LogOpened(ILogger logger, string diagnosticNumber, string sectorId, int linkedIssues);

    [LoggerMessage(Level = LogLevel.Information, Message = "Diagnostic {DiagnosticNumber} changed to version {Version}")]
    private static partial void LogApplied(ILogger logger, string diagnosticNumber, int version);
}
