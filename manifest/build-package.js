// Builds the Teams app package (manifest.json + color.png + outline.png in a zip) from the
// manifest template, the SVG icons and the bot's command table, and refuses to build a package
// that Teams would reject or that would advertise a command the bot does not handle.
// Called by package.sh, which sets the environment (see there). CommonJS, Node 20.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { AppManifestUtils } = require("@microsoft/app-manifest");
const { Resvg } = require("@resvg/resvg-js");
const { PNG } = require("pngjs");
const AdmZip = require("adm-zip");

const BOT_SCOPES_WITH_COMMANDS = ["personal", "team", "groupChat"];
const MAX_COMMAND_TITLE = 32;
const MAX_COMMAND_DESCRIPTION = 128;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;
const ICON_SPECS = {
  color: { size: 192 },
  outline: { size: 32, whiteOnTransparent: true },
};

/** A problem that makes the package unusable; its message is shown to the administrator. */
class PackagingError extends Error {
  constructor(problems) {
    super(problems.join("\n"));
    this.problems = problems;
  }
}

function failIfAny(problems) {
  if (problems.length > 0) {
    throw new PackagingError(problems);
  }
}

function readSettings(env) {
  const required = (name) => {
    const value = env[name];
    if (value === undefined) {
      throw new PackagingError([`la variable ${name} n'est pas définie (package.sh la fournit).`]);
    }
    return value;
  };
  return {
    botId: required("BOT_ID").trim(),
    botDomain: required("BOT_DOMAIN").trim(),
    appName: required("APP_NAME").trim(),
    appVersion: required("APP_VERSION").trim(),
    templatePath: required("MANIFEST_TEMPLATE"),
    commandsPath: required("COMMANDS_FILE"),
    iconPaths: { color: required("COLOR_ICON"), outline: required("OUTLINE_ICON") },
    outputDir: required("OUTPUT_DIR"),
  };
}

function checkSettings(settings) {
  const problems = [];
  if (settings.botId === "") {
    problems.push("l'identifiant du bot est manquant : définissez BOT_ID (sortie botId du déploiement Bicep).");
  } else if (!GUID.test(settings.botId)) {
    problems.push(`l'identifiant du bot BOT_ID « ${settings.botId} » n'est pas un GUID.`);
  }
  if (!HOST_NAME.test(settings.botDomain)) {
    problems.push(`le domaine BOT_DOMAIN « ${settings.botDomain} » n'est pas un nom d'hôte (sans https:// ni chemin).`);
  }
  if (settings.appName === "") {
    problems.push("le nom de l'application APP_NAME est vide.");
  }
  failIfAny(problems);
}

function readJson(filePath, what) {
  let text;
  try {
    text = fs.readFileSync(filePath, "utf8");
  } catch (error) {
    throw new PackagingError([`${what} introuvable : ${filePath} (${error.code ?? error.message}).`]);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new PackagingError([`${what} n'est pas un JSON valide : ${filePath} (${error.message}).`]);
  }
}

/** The bot's command table, checked against Teams' limits. */
function readCommandTable(commandsPath) {
  const table = readJson(commandsPath, "la table des commandes du bot");
  const commands = Array.isArray(table.commands) ? table.commands : [];
  const problems = [];
  if (commands.length === 0) {
    problems.push(`la table des commandes ${commandsPath} ne contient aucune commande.`);
  }
  for (const command of commands) {
    const title = typeof command.title === "string" ? command.title.trim() : "";
    if (title === "") {
      problems.push(`la commande « ${command.id ?? "?"} » de ${commandsPath} n'a pas de titre.`);
    }
    if (typeof command.description !== "string" || command.description.trim() === "") {
      problems.push(`la commande « ${title} » de ${commandsPath} n'a pas de description.`);
    } else if (command.description.length > MAX_COMMAND_DESCRIPTION) {
      problems.push(`la description de la commande « ${title} » dépasse ${MAX_COMMAND_DESCRIPTION} caractères.`);
    }
    for (const scope of command.scopes ?? []) {
      if (!BOT_SCOPES_WITH_COMMANDS.includes(scope)) {
        problems.push(`la commande « ${title} » déclare une portée inconnue « ${scope} ».`);
      }
    }
  }
  failIfAny(problems);
  return commands;
}

/** Replaces every ${{NAME}} in the template's strings; an unknown placeholder is an error. */
function fillPlaceholders(template, values) {
  const problems = [];
  const fill = (node) => {
    if (typeof node === "string") {
      return node.replace(/\$\{\{\s*([A-Z_]+)\s*\}\}/g, (match, name) => {
        if (!(name in values)) {
          problems.push(`le modèle de manifeste contient un paramètre inconnu ${match}.`);
          return match;
        }
        return values[name];
      });
    }
    if (Array.isArray(node)) {
      return node.map(fill);
    }
    if (node !== null && typeof node === "object") {
      return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, fill(value)]));
    }
    return node;
  };
  const filled = fill(template);
  failIfAny(problems);
  return filled;
}

/** One command list per bot scope that has commands, in the command table's order. */
function generateCommandLists(botScopes, commands) {
  return botScopes
    .map((scope) => ({
      scopes: [scope],
      commands: commands
        .filter((command) => (command.scopes ?? []).includes(scope))
        .map((command) => ({ title: command.title, description: command.description })),
    }))
    .filter((list) => list.commands.length > 0);
}

/**
 * The manifest's bot commands: generated from the command table when the template lists none,
 * otherwise checked against it, so that Teams never suggests a command the bot would not understand.
 */
function applyCommands(manifest, commands) {
  const problems = [];
  for (const bot of manifest.bots ?? []) {
    if (bot.commandLists === undefined) {
      bot.commandLists = generateCommandLists(bot.scopes ?? [], commands);
    }
    for (const list of bot.commandLists) {
      for (const listed of list.commands ?? []) {
        const title = String(listed.title ?? "");
        if (title.length > MAX_COMMAND_TITLE) {
          problems.push(`le titre de commande « ${title} » fait ${title.length} caractères (32 au plus).`);
        }
        for (const scope of list.scopes ?? []) {
          if (!(bot.scopes ?? []).includes(scope)) {
            problems.push(`la liste de commandes de la portée « ${scope} » n'est pas une portée du bot.`);
          }
          const handled = commands.some(
            (command) => command.title === title && (command.scopes ?? []).includes(scope));
          if (!handled) {
            problems.push(
              `la commande « ${title} » (portée ${scope}) n'est pas gérée par le bot : absente de la table des commandes.`);
          }
        }
      }
    }
  }
  failIfAny(problems);
}

async function validateAgainstBundledSchema(manifest) {
  const version = String(manifest.manifestVersion ?? "");
  const schemaPath = path.join(
    path.dirname(require.resolve("@microsoft/app-manifest/package.json")),
    "build", "json-schemas", "teams", `v${version}`, "MicrosoftTeams.schema.json");
  if (!fs.existsSync(schemaPath)) {
    throw new PackagingError([`aucun schéma de manifeste Teams hors ligne pour la version « ${version} ».`]);
  }
  const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
  const failures = await AppManifestUtils.validateAgainstSchema(manifest, schema);
  failIfAny(failures.map((failure) => `manifeste non conforme au schéma Teams v${version} : ${failure.trim()}`));
}

/** Renders an SVG at its own size, or reads a PNG as it is. */
function loadIcon(iconPath) {
  let bytes;
  try {
    bytes = fs.readFileSync(iconPath);
  } catch (error) {
    throw new PackagingError([`icône introuvable : ${iconPath} (${error.code ?? error.message}).`]);
  }
  return iconPath.toLowerCase().endsWith(".svg") ? Buffer.from(new Resvg(bytes).render().asPng()) : bytes;
}

function checkIcon(kind, iconPath, png) {
  const spec = ICON_SPECS[kind];
  let image;
  try {
    image = PNG.sync.read(png);
  } catch (error) {
    return [`l'icône ${kind} (${iconPath}) n'est pas une image PNG lisible (${error.message}).`];
  }
  const problems = [];
  if (image.width !== spec.size || image.height !== spec.size) {
    problems.push(
      `l'icône ${kind} (${iconPath}) mesure ${image.width}×${image.height} pixels au lieu de ${spec.size}×${spec.size}.`);
  }
  if (spec.whiteOnTransparent) {
    for (let offset = 0; offset < image.data.length; offset += 4) {
      const [red, green, blue, alpha] = image.data.subarray(offset, offset + 4);
      if (alpha > 0 && (red !== 255 || green !== 255 || blue !== 255)) {
        const pixel = offset / 4;
        problems.push(
          `l'icône ${kind} (${iconPath}) doit être blanche sur fond transparent : pixel (${pixel % image.width}, ${Math.floor(pixel / image.width)}) de couleur rgba(${red}, ${green}, ${blue}, ${alpha}).`);
        break;
      }
    }
  }
  return problems;
}

function loadIcons(manifest, iconPaths) {
  const problems = [];
  const files = [];
  for (const kind of Object.keys(ICON_SPECS)) {
    const png = loadIcon(iconPaths[kind]);
    problems.push(...checkIcon(kind, iconPaths[kind], png));
    files.push({ name: manifest.icons[kind], bytes: png });
  }
  failIfAny(problems);
  return files;
}

async function buildPackage(env) {
  const settings = readSettings(env);
  checkSettings(settings);
  const commands = readCommandTable(settings.commandsPath);
  const manifest = fillPlaceholders(readJson(settings.templatePath, "le modèle de manifeste"), {
    BOT_ID: settings.botId,
    BOT_DOMAIN: settings.botDomain,
    APP_NAME: settings.appName,
    APP_VERSION: settings.appVersion,
  });
  applyCommands(manifest, commands);
  await validateAgainstBundledSchema(manifest);
  const icons = loadIcons(manifest, settings.iconPaths);

  const zip = new AdmZip();
  zip.addFile("manifest.json", Buffer.from(JSON.stringify(manifest, null, 2) + "\n", "utf8"));
  for (const icon of icons) {
    zip.addFile(icon.name, icon.bytes);
  }
  fs.mkdirSync(settings.outputDir, { recursive: true });
  const zipPath = path.join(settings.outputDir, "securite-quotidien.zip");
  zip.writeZip(zipPath);
  const listed = manifest.bots.flatMap((bot) => bot.commandLists).reduce((n, list) => n + list.commands.length, 0);
  console.log(`Paquet Teams créé : ${zipPath}`);
  console.log(`  bot ${settings.botId}, domaine ${settings.botDomain}, version ${manifest.version}, ${listed} commande(s) listée(s).`);
}

buildPackage(process.env).catch((error) => {
  if (error instanceof PackagingError) {
    for (const problem of error.problems) {
      console.error(`ERREUR : ${problem}`);
    }
    console.error("Le paquet Teams n'a pas été créé.");
  } else {
    console.error(error);
  }
  process.exitCode = 1;
});
