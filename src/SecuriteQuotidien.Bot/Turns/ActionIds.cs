namespace SecuriteQuotidien.Bot.Turns;

/// <summary>
/// The bot's vocabulary: every command id (<c>commands.json</c>, from which the Teams manifest's command lists are
/// made) and every card verb (the Action.Execute verb, also the "verb" field of its Action.Submit fallback), by area.
/// These strings travel on the wire and sit in cards already posted: never change one.
/// </summary>
public static class ActionIds
{
    /// <summary>The ids of the commands of <c>commands.json</c>.</summary>
    public static class Commands
    {
        public const string Report = "report";
        public const string MyReports = "myReports";
        public const string Help = "help";
        public const string ChannelIds = "ids";
        public const string Status = "status";
        public const string Overdue = "overdue";
        public const string DueSoon = "dueSoon";
        public const string Export = "export";
        public const string DiagnosticNew = "diagnosticNew";
        public const string Diagnostics = "diagnostics";
        public const string MyActions = "myActions";
        public const string Agenda = "agenda";
        public const string AgendaExport = "agendaExport";
        public const string AuditExport = "auditExport";
        public const string PersonData = "personData";
        public const string PersonErase = "personErase";
        public const string Minutes = "minutes";
        public const string MyCases = "myCases";
        public const string Case = "case";
        public const string Search = "search";
    }

    /// <summary>The help card, from the welcome card or the help card itself.</summary>
    public static class Help
    {
        public const string Show = "aide";
    }

    /// <summary>The partner's report form, a card per step.</summary>
    public static class Intake
    {
        /// <summary>"Signaler un problème" (welcome, help, « mes signalements », a stale form): a new form.</summary>
        public const string Start = "signaler";
        public const string Danger = "signaler-danger";
        public const string Place = "signaler-lieu";
        public const string Facts = "signaler-faits";
        public const string Edit = "signaler-modifier";
        public const string Send = "signaler-envoyer";
    }

    /// <summary>The buttons of an issue's root card and of its sub-forms (the police of the issue's sector).</summary>
    public static class Issue
    {
        public const string Acknowledge = "signalement-prendre";
        public const string Response = "signalement-reponse";
        public const string ResponseSubmit = "signalement-reponse-envoyer";
        public const string Clarify = "signalement-precision";
        public const string ClarifySubmit = "signalement-precision-envoyer";
        public const string Pause = "signalement-suspendre";
        public const string PauseSubmit = "signalement-suspendre-envoyer";
        public const string Resume = "signalement-reprendre";
        public const string Transfer = "signalement-transferer";
        public const string TransferSubmit = "signalement-transferer-envoyer";
        public const string Close = "signalement-cloturer";
        public const string CloseSubmit = "signalement-cloturer-envoyer";

        /// <summary>The card's refresh, and "Annuler" on the forms: answers the current card.</summary>
        public const string Refresh = "signalement-actualiser";

        /// <summary>"Masquer un passage" of the partner's text, then its form.</summary>
        public const string Mask = "signalement-masquer";
        public const string MaskSubmit = "signalement-masquer-envoyer";
    }

    /// <summary>The reporting partner's answers in their personal chat.</summary>
    public static class Partner
    {
        /// <summary>"Répondre" to the police's question.</summary>
        public const string ClarificationAnswer = "precision-repondre";

        /// <summary>Oui / En partie / Non to « Le problème persiste-t-il ? ».</summary>
        public const string FollowUpAnswer = "suivi-repondre";
    }

    /// <summary>« mes signalements »: the pages of the list and an issue's detail.</summary>
    public static class MyReports
    {
        public const string List = "mes-signalements";
        public const string Detail = "mes-signalements-voir";
    }

    /// <summary>« mes dossiers »: the police's list of the open issues of their sectors, its pages and filters.</summary>
    public static class Worklist
    {
        public const string List = "dossiers";
    }

    /// <summary>The diagnostic card and its forms (the police of the diagnostic's sector).</summary>
    public static class Diagnostic
    {
        /// <summary>The opening form (from the issue card, a hotspot suggestion or the command).</summary>
        public const string OpenForm = "diagnostic-ouvrir";
        public const string OpenSubmit = "diagnostic-ouvrir-envoyer";

        /// <summary>The card's refresh, "Annuler" on the forms and "Afficher" in lists: the current card.</summary>
        public const string Refresh = "diagnostic-actualiser";
        public const string Edit = "diagnostic-modifier";
        public const string EditSubmit = "diagnostic-modifier-envoyer";
        public const string AddAction = "diagnostic-action";
        public const string AddActionSubmit = "diagnostic-action-envoyer";
        public const string UpdateAction = "diagnostic-action-maj";
        public const string UpdateActionSubmit = "diagnostic-action-maj-envoyer";
        public const string Evaluation = "diagnostic-evaluation";
        public const string EvaluationSubmit = "diagnostic-evaluation-envoyer";
        public const string Note = "diagnostic-note";
        public const string NoteSubmit = "diagnostic-note-envoyer";
        public const string Close = "diagnostic-clore";
        public const string Reopen = "diagnostic-rouvrir";
    }

    /// <summary>A partner's side of the diagnostics: « mes actions », "Marquer comme fait" and its form, the survey.</summary>
    public static class DiagnosticPartner
    {
        public const string Done = "diagnostic-fait";
        public const string DoneSubmit = "diagnostic-fait-envoyer";
        public const string MyActions = "diagnostic-mes-actions";
        public const string SurveyAnswer = "diagnostic-enquete";
    }

    /// <summary>A hotspot suggestion in a sector channel ("Ouvrir un diagnostic" is <see cref="Diagnostic.OpenForm"/>).</summary>
    public static class Hotspot
    {
        public const string Ignore = "diagnostic-suggestion-ignorer";
    }

    /// <summary>The GPO meeting kit: the agenda, the minutes and their Excel exports.</summary>
    public static class Meeting
    {
        /// <summary>The agenda again, for the police or partner-safe (data "partenaires": "oui").</summary>
        public const string Agenda = "diagnostic-ordre-du-jour";
        public const string MinutesForm = "diagnostic-compte-rendu";
        public const string MinutesSubmit = "diagnostic-compte-rendu-envoyer";

        /// <summary>"Exporter (Excel)" on the agenda card; data: the sector and, for the partner version, « partenaires » = « oui ».</summary>
        public const string AgendaExport = "gpo-ordre-du-jour-export";

        /// <summary>"Exporter (Excel)" on the recorded minutes; data: the sector, the meeting date and the version.</summary>
        public const string MinutesExport = "gpo-compte-rendu-export";
    }

    /// <summary>The administrators' personal-data requests.</summary>
    public static class Privacy
    {
        public const string ErasureConfirm = "personne-effacer-confirmer";
        public const string ErasureCancel = "personne-effacer-annuler";
    }

    /// <summary>The local demo only (refused elsewhere): « Jouer le rôle de… » and its choice.</summary>
    public static class Demo
    {
        /// <summary>The card listing the directory's people.</summary>
        public const string Roles = "demo-roles";

        /// <summary>Play the chosen person (data « personne »: an object id), or stop playing (« personne » empty).</summary>
        public const string Play = "demo-jouer";
    }
}
