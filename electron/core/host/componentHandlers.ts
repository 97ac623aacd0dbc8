import type { HostHandlers } from '../../../shared/contract/hostApi';
import { componentBundle } from '../../../shared/graph/componentFile';
import { listLibrary, readFromLibrary, saveToLibrary } from '../catalog/componentLibrary';

/** components.list / save / read: the library folder, its files parsed with zod, paths kept inside it. */
export function componentHandlers(
  dir: string,
): Pick<HostHandlers, 'components.list' | 'components.save' | 'components.read'> {
  return {
    'components.list': async () => {
      const { entries, errors } = await listLibrary(dir);
      return { components: entries, errors };
    },
    'components.save': async ({ id, components }) => {
      // Only the component and what it holds: the rest of the workflow's components stay out.
      const bundle = componentBundle(components, id);
      if (!bundle) throw new Error(`Cannot export: no component "${id}" was sent`);
      return { path: await saveToLibrary(dir, id, bundle) };
    },
    'components.read': async ({ id }) => {
      const file = await readFromLibrary(dir, id);
      return { id: file.id, components: file.components };
    },
  };
}
