import { Component, onWillStart, onWillUpdateProps, useSubEnv } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { FormController } from "@web/views/form/form_controller";
import { formView } from "@web/views/form/form_view";
import { getDefaultConfig, View } from "@web/views/view";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

/**
 * The embedded form of a lazy panel: read-only, its buttons save the ticket first
 * (the agent's unsaved edits in the main form would be lost by the reload that
 * follows) and, once the panel reloaded after a button, the ticket reloads too so
 * that its header and badges follow.
 */
export class CsLazyPanelController extends FormController {
    static props = {
        ...FormController.props,
        csBeforeButton: { type: Function, optional: true },
        csAfterReload: { type: Function, optional: true },
    };

    get modelParams() {
        const params = super.modelParams;
        let loaded = false;
        params.hooks.onRootLoaded = async () => {
            if (loaded) {
                await this.props.csAfterReload?.();
            }
            loaded = true;
        };
        return params;
    }

    async beforeExecuteActionButton(clickParams) {
        if (
            clickParams.special !== "cancel" &&
            this.props.csBeforeButton &&
            !(await this.props.csBeforeButton())
        ) {
            return false;
        }
        return super.beforeExecuteActionButton(clickParams);
    }
}

registry.category("views").add("cs_lazy_panel_form", {
    ...formView,
    Controller: CsLazyPanelController,
});

/**
 * Field-less widget for a notebook page: the page's fields live in a secondary form
 * view (``view`` attribute, an xml id) read only when the page is shown, so that
 * the ticket's form read does not compute them. The notebook renders the active
 * page only: this component exists only while its page is open.
 */
export class CsLazyForm extends Component {
    static template = "customer_service.CsLazyForm";
    static components = { View };
    static props = {
        ...standardWidgetProps,
        viewRef: { type: String },
    };

    setup() {
        this.viewService = useService("view");
        this.viewProps = null;
        // The panel's own breadcrumbs and pager, not the ticket action's.
        useSubEnv({ config: getDefaultConfig() });
        onWillStart(() => this.loadPanel(this.props.record));
        // A new ticket just saved with its page open.
        onWillUpdateProps((nextProps) => {
            if (!this.viewProps && !nextProps.record.isNew) {
                return this.loadPanel(nextProps.record);
            }
        });
    }

    async loadPanel(record) {
        if (record.isNew) {
            return;
        }
        const context = { ...record.context, form_view_ref: this.props.viewRef };
        const { fields, relatedModels, views } = await this.viewService.loadViews({
            resModel: record.resModel,
            views: [[false, "form"]],
            context,
        });
        const panelContext = { ...record.context };
        delete panelContext.form_view_ref;
        this.viewProps = {
            type: "form",
            jsClass: "cs_lazy_panel_form",
            resModel: record.resModel,
            viewId: views.form.id,
            views: [[views.form.id, "form"]],
            arch: views.form.arch,
            fields,
            relatedModels,
            context: panelContext,
            display: { controlPanel: false },
            readonly: true,
            preventCreate: true,
            preventEdit: true,
            className: "o_cs_lazy_panel",
            csBeforeButton: () => this.props.record.save(),
            csAfterReload: () => this.props.record.load(),
        };
    }

    get resId() {
        return this.props.record.resId;
    }
}

registry.category("view_widgets").add("cs_lazy_form", {
    component: CsLazyForm,
    extractProps: ({ attrs, options }) => ({
        viewRef: options.view || attrs.view,
    }),
});
