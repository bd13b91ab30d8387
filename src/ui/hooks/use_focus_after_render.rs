//! Moving the keyboard focus once the DOM shows the result of an action.
//!
//! When the focused element leaves the page (a removed card, a rename form that closes) or
//! becomes disabled (Close), the browser drops the focus to the body, and a keyboard user
//! starts over from the top of the page. The component that knows what happened asks for
//! the focus to land somewhere sensible instead; it lands after the next render, when the
//! element it names exists.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::Hash;
use std::rc::Rc;

use web_sys::HtmlElement;
use yew::prelude::*;

/// Where the focus should go after the next render: the first of these elements that is on
/// the page and not disabled.
type Pending = Rc<RefCell<Vec<NodeRef>>>;

/// Asks for the focus to move after the next render of the component that holds it.
#[derive(Clone)]
pub struct FocusHandoff {
    pending: Pending,
    rerender: UseForceUpdateHandle,
}

impl FocusHandoff {
    /// After the next render, focuses the first of `candidates` that is rendered and
    /// enabled; nothing happens if none is. A later request replaces an earlier one.
    pub fn request(&self, candidates: impl IntoIterator<Item = NodeRef>) {
        if let Ok(mut pending) = self.pending.try_borrow_mut() {
            *pending = candidates.into_iter().collect();
        }
        // The action that asked usually re-renders the component anyway; this makes sure.
        self.rerender.force_update();
    }
}

impl PartialEq for FocusHandoff {
    /// Handles of the same component are equal, so callbacks built on one stay put.
    fn eq(&self, other: &FocusHandoff) -> bool {
        Rc::ptr_eq(&self.pending, &other.pending)
    }
}

impl std::fmt::Debug for FocusHandoff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FocusHandoff").finish_non_exhaustive()
    }
}

/// A [`FocusHandoff`] for this component. Its effect runs after every render, but does
/// nothing (one `RefCell` look) unless a request waits.
#[hook]
pub fn use_focus_after_render() -> FocusHandoff {
    let pending: Pending = use_mut_ref(Vec::new);
    let rerender = use_force_update();
    {
        let pending = Rc::clone(&pending);
        use_effect(move || {
            let candidates = pending
                .try_borrow_mut()
                .map(|mut pending| std::mem::take(&mut *pending))
                .unwrap_or_default();
            let target = candidates
                .iter()
                .filter_map(NodeRef::cast::<HtmlElement>)
                .find(|element| !element.has_attribute("disabled"));
            if let Some(element) = target {
                let _focused = element.focus();
            }
        });
    }
    FocusHandoff { pending, rerender }
}

/// One [`NodeRef`] per key, for elements of a keyed list that a [`FocusHandoff`] may aim
/// at (the remove button of each card). The refs stay the same from render to render, so a
/// card that receives one does not re-render for it.
#[derive(Clone)]
pub struct NodeRefs<K> {
    refs: Rc<RefCell<HashMap<K, NodeRef>>>,
}

impl<K> PartialEq for NodeRefs<K> {
    fn eq(&self, other: &NodeRefs<K>) -> bool {
        Rc::ptr_eq(&self.refs, &other.refs)
    }
}

impl<K> std::fmt::Debug for NodeRefs<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NodeRefs").finish_non_exhaustive()
    }
}

impl<K: Eq + Hash + Clone> NodeRefs<K> {
    /// The ref of `key`, made on first use.
    pub fn get(&self, key: &K) -> NodeRef {
        match self.refs.try_borrow_mut() {
            Ok(mut refs) => refs.entry(key.clone()).or_default().clone(),
            Err(_) => NodeRef::default(),
        }
    }

    /// Forgets the refs of keys not in `keys`: their elements are gone.
    pub fn retain(&self, keys: &[K]) {
        if let Ok(mut refs) = self.refs.try_borrow_mut() {
            refs.retain(|key, _| keys.contains(key));
        }
    }
}

/// A [`NodeRefs`] for this component.
#[hook]
pub fn use_node_refs<K: 'static>() -> NodeRefs<K> {
    NodeRefs {
        refs: use_mut_ref(HashMap::new),
    }
}
