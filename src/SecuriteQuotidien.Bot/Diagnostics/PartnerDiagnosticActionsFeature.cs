using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Cards;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Diagnostics;

namespace SecuriteQuotidien.Bot.Diagnostics;

/// <summary>
/// The partners' buttons on the diagnostics (a partner of the sector's GPO): « mes actions », "Marquer comme fait" on
/// an action of their organisation and its comment form, and the survey's answers. They see the partner view only;
/// a stale or replayed click gets their actions as they are now and changes nothing.
/// </summary>
public sealed class PartnerDiagnosticActionsFeature(
    IDirectory directory,
    IDiagnosticRepository diagnostics,
    DiagnosticService service,
    TimeProvider time) : IActionHandler
{
    public const string Refusal = "Cette action n'est pas confiée à votre organisation : rien n'a été modifié.";


    public async Task<TurnAnswer> HandleAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (turn, user, verb, data) = (request.Turn, request.User, request.Id, request.Data);
        ArgumentNullException.ThrowIfNull(user);
        if (user.AadObjectId is not { } objectId || user.Roles.Partner is not { } partner)
        {
            return TurnAnswer.Text("Ces boutons sont réservés aux partenaires du GPO.");
        }
        if (verb == ActionIds.DiagnosticPartner.MyActions)
        {
            return Card(await MyActionsAsync(partner, null, cancellationToken));
        }
        // The kernel read the diagnostic (and the action) and admitted a partner of its sector's GPO (the survey) or the
        // action's owning organisation (declared in the registration).
        if (DiagnosticRef.Read(data) is not { } reference)
        {
            return Card(PartnerDiagnosticCards.Notice(DiagnosticActionsFeature.Missing));
        }
        if (verb == ActionIds.DiagnosticPartner.SurveyAnswer && request.Target is DiagnosticTarget { Diagnostic: var surveyed })
        {
            return await AnswerSurveyAsync(surveyed, PartnerView.Of(surveyed, service.Confidentiality), partner, data, cancellationToken);
        }
        if (request.Target is not DiagnosticActionTarget { Diagnostic: var diagnostic, Action: var action } || action.IsPoliceOwned)
        {
            return Card(PartnerDiagnosticCards.Notice(Refusal));
        }
        var view = PartnerView.Of(diagnostic, service.Confidentiality);
        if (diagnostic.Version != reference.Version || action.IsDone || !diagnostic.IsOpen)
        {
            return Card(await MyActionsAsync(partner, "Ce diagnostic a changé entre-temps : voici vos actions à jour. Rien n'a été modifié.", cancellationToken));
        }
        var comment = FormValues.Text(data, DiagnosticFields.Comment)?.Trim() ?? "";
        if (verb == ActionIds.DiagnosticPartner.Done)
        {
            return Card(PartnerDiagnosticCards.MarkDoneForm(view, action, directory, service.Today));
        }
        if (comment.Length == 0 || comment.Length > Diagnostic.CommentMaxLength)
        {
            return Card(PartnerDiagnosticCards.MarkDoneForm(view, action, directory, service.Today, comment,
                comment.Length == 0 ? "Dites en quelques mots ce qui a été fait." : $"Pas plus de {Diagnostic.CommentMaxLength} caractères."));
        }
        var actor = DiagnosticService.ActorOf(objectId, user.Roles);
        try
        {
            var done = await diagnostics.ApplyAsync(reference.SectorId, reference.Number,
                d => d.MarkActionDone(actor, reference.Version, time.GetUtcNow(), action.Id, comment), cancellationToken);
            if (done is not null)
            {
                await service.PublishAsync(done.Diagnostic, cancellationToken);
            }
        }
        catch (DiagnosticRuleException ex)
        {
            return Card(await MyActionsAsync(partner, ex is DiagnosticStaleException
                ? "Ce diagnostic a changé entre-temps : voici vos actions à jour. Rien n'a été modifié." : ex.Message, cancellationToken));
        }
        return Card(await MyActionsAsync(partner, $"Action {action.Id} marquée comme faite. Merci !", cancellationToken));
    }

    private async Task<TurnAnswer> AnswerSurveyAsync(Diagnostic diagnostic, PartnerDiagnosticView view, Partner partner, JsonObject data,
        CancellationToken cancellationToken)
    {
        var method = diagnostic.Evaluation is { } chosen ? directory.Diagnostics.FindMethod(chosen.MethodId) : null;
        var answer = FormValues.Text(data, DiagnosticFields.Answer);
        if (method is not { Kind: EvaluationMethodKind.PartnerSurvey } || answer is null || !method.Answers.Contains(answer, StringComparer.Ordinal))
        {
            return Card(PartnerDiagnosticCards.Notice("Cette enquête est terminée : votre réponse n'a pas été enregistrée."));
        }
        var now = time.GetUtcNow();
        await diagnostics.SaveSurveyAnswerAsync(diagnostic.SectorId, new SurveyAnswer
        {
            Number = diagnostic.Number,
            RespondentObjectId = partner.ObjectId,
            OrganisationId = partner.Organisation.Id,
            Answer = answer,
            At = now,
        }, cancellationToken);
        await service.PublishAsync(diagnostic, cancellationToken, $"enquete:{partner.ObjectId.ToLowerInvariant()}:{now.UtcTicks}");
        return Card(PartnerDiagnosticCards.SurveyThanks(view, answer));
    }

    private async Task<AdaptiveCard> MyActionsAsync(Partner partner, string? notice, CancellationToken cancellationToken) =>
        PartnerDiagnosticCards.MyActions(partner.Organisation.Name, await service.PartnerItemsAsync(partner, cancellationToken), directory, service.Today, notice);

    private static TurnAnswer Card(AdaptiveCard card) => TurnAnswer.Card(card);

}
