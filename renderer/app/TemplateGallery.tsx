import { useApp } from '../host/appContext';
import { TemplatePreview } from './TemplatePreview';
import { useStudio } from './studioContext';
import { packagedTemplates, templateText } from './templates';
import type { Template } from './templates';

/** Opens a template as a new, untitled workflow (Save asks where). */
export async function openTemplate(
  studio: Pick<ReturnType<typeof useStudio>, 'controller'>,
  template: Template,
): Promise<boolean> {
  const opened = await studio.controller.files.openText(template.title, templateText(template));
  // The whole graph in view, whatever the window size the example was saved at
  // (after React Flow has taken the template's own viewport).
  if (opened) requestAnimationFrame(() => studio.controller.execute('view.fit'));
  return opened;
}

/** The first sentence of a description: what a card has room for. */
const firstSentence = (text: string): string => /^.*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;

/**
 * The packaged templates as cards with their pictures; choosing one opens an
 * untitled copy. Used by the welcome panel and File > Templates.
 */
export function TemplateGallery({
  onOpened,
  compact = false,
}: {
  onOpened?(): void;
  compact?: boolean;
}) {
  const { registry } = useApp();
  const studio = useStudio();
  const templates = packagedTemplates();
  if (templates.length === 0)
    return <p className="nl-hint">No templates are packaged in this build.</p>;
  return (
    <ul className={`nl-templates${compact ? ' nl-templates--compact' : ''}`} aria-label="Templates">
      {templates.map((t) => (
        <li key={t.id}>
          <button
            type="button"
            className="nl-template"
            data-testid={`template-${t.id}`}
            title={t.description}
            onClick={() => {
              void openTemplate(studio, t).then((ok) => ok && onOpened?.());
            }}
          >
            <TemplatePreview graph={t.file.graph} registry={registry} />
            <span className="nl-template__title">{t.title}</span>
            <span className="nl-template__text">
              {compact ? firstSentence(t.description) : t.description}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
