import { Boxes, PackagePlus } from 'lucide-react';
import { componentIdOf } from '../../shared/graph/components';
import { isBoundaryNode } from '../store/componentFrames';
import { getNode } from '../store/selectors';
import { useGraph } from '../store/context';
import { ToolButton } from './Toolbar';

/** Selection actions for components: make one from the selection; export the selected one. */
export function ComponentTools() {
  const selectable = useGraph((s) => s.selectedNodeIds.filter((id) => !isBoundaryNode(id)).length);
  const instance = useGraph((s) => {
    if (s.selectedNodeIds.length !== 1) return false;
    const node = getNode(s.doc, s.selectedNodeIds[0]!);
    return node !== undefined && componentIdOf(node.type) !== undefined;
  });
  return (
    <div className="tool-group">
      <ToolButton
        command="component.make"
        testId="btn-make-component"
        label="Make Component"
        hint="Turn the selected nodes into one component node"
        icon={Boxes}
        disabled={selectable === 0}
      />
      {instance ? (
        <ToolButton
          command="component.export"
          testId="btn-export-component"
          label="Export Component"
          hint="Save the selected component to the components library, to add it to other workflows"
          icon={PackagePlus}
        />
      ) : null}
    </div>
  );
}
