using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SecuriteQuotidien.Bot.Commands;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Calendar;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Privacy;
using SecuriteQuotidien.Storage;
using SecuriteQuotidien.Storage.Issues;

namespace SecuriteQuotidien.Bot.Intake;

/// <summary>
/// A partner reports a problem: `signaler` (or the button) opens a guided form of four cards, each
/// validated on the server; "Envoyer" writes the issue durably, routes it to the sector channel and
/// answers with the confirmation. The form's state travels in the cards, keyed by a draft id that is
/// also the idempotency key of the final write.
/// </summary>
public sealed partial class IntakeFeature(
    IDirectory directory,
    IntakeValidator validator,
    IIssueIntakeStore issues,
    IntakeFinisher finisher,
    Observability.ProductMetrics metrics,
    IOptions<IntakeQuotaOptions> quotaOptions,
    TimeProvider time,
    ILogger<IntakeFeature> logger) : IActionHandler
{


    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Action.Kind == ActionKind.Command)
        {
            await HandleCommandAsync(request.Turn, request.User, request.Argument, cancellationToken);
            return TurnAnswer.None;
        }
        return await HandleVerbAsync(request.Turn, request.User, request.Id, request.Data, cancellationToken);
    }

    private Task HandleCommandAsync(TurnContext turn, BotUser user, string argument, CancellationToken cancellationToken)
    {
        var card = user.Roles.Partner is null ? IntakeCards.NotAPartner() : IntakeCards.DangerQuestion(NewDraftId());
        return turn.ReplyAsync(card.ToMessage(), cancellationToken);
    }

    private async Task<TurnAnswer> HandleVerbAsync(TurnContext turn, BotUser user, string verb, JsonObject data, CancellationToken cancellationToken)
    {
        if (user.Roles.Partner is not { } partner)
        {
            return Card(IntakeCards.NotAPartner());
        }
        if (verb == ActionIds.Intake.Start)
        {
            return Card(IntakeCards.DangerQuestion(NewDraftId()));
        }
        var form = IntakeForm.FromData(data);
        if (form.Version != IntakeForm.CurrentVersion)
        {
            return Card(IntakeCards.Stale());
        }
        var today = ParisTime.DateOf(time.GetUtcNow());
        return verb switch
        {
            ActionIds.Intake.Danger => OnDanger(form, partner, data),
            ActionIds.Intake.Edit => Card(PlaceStep(form, partner, NoErrors)),
            ActionIds.Intake.Place => Next(form, partner, IntakeStep.Place, today),
            ActionIds.Intake.Facts => Next(form, partner, IntakeStep.Facts, today),
            ActionIds.Intake.Send => await SendAsync(form, partner, today, cancellationToken),
            _ => TurnAnswer.Text("Action inconnue."),
        };
    }

    private TurnAnswer OnDanger(IntakeForm form, Partner partner, JsonObject data) =>
        (data[IntakeForm.Fields.Danger] as JsonValue)?.ToString() switch
        {
            "oui" => Card(IntakeCards.Emergency()),
            "non" => Card(PlaceStep(form, partner, NoErrors)),
            _ => Card(IntakeCards.DangerQuestion(Guid.TryParse(form.DraftId, out _) ? form.DraftId : NewDraftId())),
        };

    /// <summary>Validates up to <paramref name="step"/>; shows the first step with errors, else the next one.</summary>
    private TurnAnswer Next(IntakeForm form, Partner partner, IntakeStep step, DateOnly today)
    {
        var errors = validator.Validate(form, partner, step, today);
        if (StepWithErrors(errors) is { } failed)
        {
            return Card(CardFor(failed, form, partner, today, errors));
        }
        return Card(step == IntakeStep.Place
            ? IntakeCards.FactsStep(form, today, NoErrors)
            : IntakeCards.Summary(form, LabelsOf(form), privacyWarning: PrivacyWarningOf(form)));
    }

    /// <summary>Likely personal data in the free texts: the partner confirms ("Envoyer") or edits ("Modifier").</summary>
    private static string? PrivacyWarningOf(IntakeForm form)
    {
        try
        {
            var findings = new[] { form.Description, form.Effect, form.Address, form.Detail }
                .SelectMany(text => PersonalDataDetector.Find(text))
                .ToList();
            return findings.Count == 0 ? null : PrivacyMessages.ConfirmationMessage(findings);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            // The check is advice: a timed-out check must not block the report.
            return null;
        }
    }

    private async Task<TurnAnswer> SendAsync(IntakeForm form, Partner partner, DateOnly today, CancellationToken cancellationToken)
    {
        var errors = validator.Validate(form, partner, IntakeStep.Summary, today);
        if (StepWithErrors(errors) is { } failed)
        {
            return Card(CardFor(failed, form, partner, today, errors));
        }
        var draft = validator.ToDraft(form, partner);
        try
        {
            if (await DailyQuotaReachedAsync(draft, form.DraftId, today, cancellationToken) is { } quota)
            {
                // Nothing is stored; the summary keeps every answer, so the same form can be sent tomorrow.
                LogQuotaReached(logger, quota);
                return Card(IntakeCards.Summary(form, LabelsOf(form), IntakeCards.DailyQuotaReached(quota)));
            }
            // The issue is stored with an "unfinished" marker (one transaction), then what follows from it is
            // written in parallel; an interruption is finished by the retry (same draft id) or the recovery pass.
            var creation = await issues.CreateAsync(draft, form.DraftId, cancellationToken);
            var issue = creation.Stored.Issue;
            await finisher.FinishAsync(issue, justCreated: creation.Created, cancellationToken);
            LogIssueCreated(logger, issue.Number.ToString(), issue.SectorId, creation.Created);
            metrics.ReportSubmitted(issue.SectorId, isNew: creation.Created);
            return Card(IntakeCards.Confirmation(issue, directory.FindSector(issue.SectorId)?.Name ?? issue.SectorId, LabelsOf(form).Category, alreadySent: !creation.Created));
        }
        catch (Exception ex) when (StorageErrors.IsTransientAfterRetries(ex) && !cancellationToken.IsCancellationRequested)
        {
            // Nothing is lost: the card keeps every answer and the same draft id makes the retry idempotent.
            LogSubmitFailed(logger, ex.GetType().Name);
            return Card(IntakeCards.Summary(form, LabelsOf(form),
                "Le service est momentanément indisponible : votre signalement n'a pas pu être enregistré. Vos réponses sont conservées ; réessayez « Envoyer » dans un instant."));
        }
    }

    /// <summary>
    /// The quota when the reporter already sent that many reports this Paris day and this submit is not the retry of
    /// one of them (a retry is answered « déjà envoyé » as always); else null. One query, plus a point read at the limit.
    /// </summary>
    private async Task<int?> DailyQuotaReachedAsync(IssueDraft draft, string draftId, DateOnly today, CancellationToken cancellationToken)
    {
        var quota = quotaOptions.Value.DailyReportQuota;
        var sent = await issues.CountReportedSinceAsync(draft.Reporter.ObjectId, ParisTime.StartOf(today), quota, cancellationToken);
        return sent >= quota && !await issues.WasCreatedAsync(draft.SectorId, draft.Reporter.ObjectId, draftId, cancellationToken) ? quota : null;
    }

    private AdaptiveCard CardFor(IntakeStep step, IntakeForm form, Partner partner, DateOnly today, IReadOnlyDictionary<string, string> errors) =>
        step == IntakeStep.Place ? PlaceStep(form, partner, errors) : IntakeCards.FactsStep(form, today, errors);

    private static IntakeStep? StepWithErrors(IReadOnlyDictionary<string, string> errors)
    {
        if (errors.Count == 0)
        {
            return null;
        }
        string[] placeFields = [IntakeForm.Fields.DraftId, IntakeForm.Fields.Sector, IntakeForm.Fields.Category, IntakeForm.Fields.Site, IntakeForm.Fields.Address, IntakeForm.Fields.Detail];
        return errors.Keys.Any(placeFields.Contains) ? IntakeStep.Place : IntakeStep.Facts;
    }

    private AdaptiveCard PlaceStep(IntakeForm form, Partner partner, IReadOnlyDictionary<string, string> errors) =>
        IntakeCards.PlaceStep(form, validator.SectorsOf(partner), directory.Categories, directory.SitesOf, errors);

    public IntakeLabels LabelsOf(IntakeForm form)
    {
        var (categoryId, subCategoryId) = IntakeValidator.SplitCategory(form.Category);
        var category = directory.FindCategory(categoryId);
        var subCategory = category?.SubCategories.FirstOrDefault(s => s.Id == subCategoryId);
        var place = form.Site == IntakeForm.OtherSite ? form.Address.Trim() : directory.FindSite(form.Site)?.Name ?? form.Site;
        if (!string.IsNullOrWhiteSpace(form.Detail))
        {
            place += " — " + form.Detail.Trim();
        }
        var date = DateOnly.TryParseExact(form.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? FrenchDateFormat.Long(parsed)
            : form.Date;
        return new IntakeLabels(
            directory.FindSector(form.Sector)?.Name ?? form.Sector,
            subCategory is null ? category?.Label ?? form.Category : $"{category!.Label} — {subCategory.Label}",
            place,
            date,
            IntakeValidator.TimesOfDay.TryGetValue(form.TimeOfDay, out var timeOfDay) ? timeOfDay.ToFrench() : form.TimeOfDay,
            IntakeValidator.Frequencies.TryGetValue(form.Frequency, out var frequency) ? frequency.ToFrench() : form.Frequency);
    }

    private static readonly IReadOnlyDictionary<string, string> NoErrors = new Dictionary<string, string>();

    private static string NewDraftId() => Guid.NewGuid().ToString();

    private static TurnAnswer Card(AdaptiveCard card) => TurnAnswer.Card(card);

    [LoggerMessage(Level = LogLevel.Information, Message = "Issue {IssueNumber} of sector {SectorId} submitted (created: {Created})")]
    private static partial void LogIssueCreated(ILogger logger, string issueNumber, string sectorId, bool created);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Issue submit refused: the partner reached the daily quota of {Quota} reports")]
    private static partial void LogQuotaReached(ILogger logger, int quota);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Issue submit failed transiently ({ErrorType}); the partner was asked to retry")]
    private static partial void LogSubmitFailed(ILogger logger, string errorType);
}

public static class IntakeExtensions
{
    public static IServiceCollection AddIntake(this IServiceCollection services)
    {
        services.AddSingleton<IntakeValidator>();
        services.AddScoped<IntakeFinisher>();
        services.AddOptions<IntakeRecoveryOptions>().BindConfiguration(IntakeRecoveryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IntakeQuotaOptions>().BindConfiguration(IntakeRecoveryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IntakeRecoveryWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<IntakeRecoveryWorker>());
        services.AddScoped<IntakeFeature>();
        const string report = "signaler un problème";
        return services.AddActions<IntakeFeature>(
            ActionDeclaration.Command<IntakeFeature>(ActionIds.Commands.Report, Audience.Partner, report),
            ActionDeclaration.Verb<IntakeFeature>(ActionIds.Intake.Start, Audience.Partner, TargetKind.None, report),
            ActionDeclaration.Verb<IntakeFeature>(ActionIds.Intake.Danger, Audience.Partner, TargetKind.None, report),
            ActionDeclaration.Verb<IntakeFeature>(ActionIds.Intake.Place, Audience.Partner, TargetKind.None, report),
            ActionDeclaration.Verb<IntakeFeature>(ActionIds.Intake.Facts, Audience.Partner, TargetKind.None, report),
            ActionDeclaration.Verb<IntakeFeature>(ActionIds.Intake.Edit, Audience.Partner, TargetKind.None, report),
            ActionDeclaration.Verb<IntakeFeature>(ActionIds.Intake.Send, Audience.Partner, TargetKind.None, report));
    }
}
